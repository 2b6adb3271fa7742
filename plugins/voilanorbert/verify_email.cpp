// verify_email: one upload per batch of distinct emails, charged per email at upload, so the token
// is checkpointed before anything else: a resumed operation polls the same job instead of paying
// for a second upload. The mechanics are upload_job's; the mapping is verification_status's.
#include "verify_email.hpp"

#include "upload_job.hpp"
#include "verification_status.hpp"

namespace leadflow::voilanorbert {

sdk::Task verify_email(sdk::Operation& op, const Settings& settings) {
  return upload_job(op, settings,
                    UploadJobKind{"verify_email", "verification", UploadService::verifier, Endpoint::verify_upload,
                                  Endpoint::verify_status, Endpoint::verify_download, &verification_output});
}

}  // namespace leadflow::voilanorbert
