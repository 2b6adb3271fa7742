// account: the credits left on the Dropcontact account.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::dropcontact {

// One account operation. `settings` must outlive it.
sdk::Task account(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::dropcontact
