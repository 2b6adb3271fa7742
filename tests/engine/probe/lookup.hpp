// probe.lookup: one key, one POST /lookup.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::probe {

// One probe.lookup operation. `settings` must outlive it (the instance owns both).
sdk::Task lookup(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::probe
