// account: the credit balance, the daily usage and the quality levels with their unit prices.
#pragma once

#include <leadflow/plugin.hpp>

#include "api_session.hpp"
#include "settings.hpp"

namespace leadflow::verifalia {

sdk::Task account(sdk::Operation& op, const Settings& settings, ApiSession& session);

}  // namespace leadflow::verifalia
