// account: GET /account, the credits left.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::probe {

// One account operation. `settings` must outlive it (the instance owns both).
sdk::Task account(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::probe
