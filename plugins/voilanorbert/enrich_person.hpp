// enrich_person in batches over VoilaNorbert's enrichment: upload the emails, checkpoint the
// token, poll until ENDED, download the result CSV, map each row back to its items by email.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One enrich_person batch operation. `settings` must outlive it (the instance owns both).
sdk::Task enrich_person(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
