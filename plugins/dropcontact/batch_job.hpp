// enrich_person, find_email and verify_email all run through Dropcontact's one batch endpoint:
// POST {batch_path}, then GET {batch_path}/{request_id} until the results are ready.
#pragma once

#include <leadflow/plugin.hpp>

#include "batch_items.hpp"
#include "settings.hpp"

namespace leadflow::dropcontact {

// One batch operation of `capability`. `settings` must outlive it (the instance owns both).
sdk::Task run_batch(sdk::Operation& op, const Settings& settings, Capability capability);

}  // namespace leadflow::dropcontact
