// enrich_person: one upload per batch of distinct emails, charged per email at upload ("You are
// charged for each email you want to enrich"), so the token is checkpointed before anything else.
// VoilaNorbert enriches from the email alone: items without one fail alone as invalid_input. The
// mechanics are upload_job's; the mapping is enrichment_fields's.
#include "enrich_person.hpp"

#include "enrichment_fields.hpp"
#include "upload_job.hpp"

namespace leadflow::voilanorbert {

sdk::Task enrich_person(sdk::Operation& op, const Settings& settings) {
  return upload_job(op, settings,
                    UploadJobKind{"enrich_person", "enrichment", UploadService::enrich, Endpoint::enrich_upload,
                                  Endpoint::enrich_status, Endpoint::enrich_download, &enrichment_output});
}

}  // namespace leadflow::voilanorbert
