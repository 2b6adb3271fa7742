// account: GET /account/, the account's search credits and verify/enrich balances.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One account operation. `settings` must outlive it (the instance owns both).
sdk::Task account(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
