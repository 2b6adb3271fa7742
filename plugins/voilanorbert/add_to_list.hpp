// add_to_list: find the contact by email, find or create the list, attach the contact with POST /lists/{id}
// (or search it with list_id when VoilaNorbert does not know it yet).
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One add_to_list operation. `settings` must outlive it (the instance owns both).
sdk::Task add_to_list(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
