// verify_email: one Verifalia email-validation job per batch of addresses.
#pragma once

#include <leadflow/plugin.hpp>

#include "api_session.hpp"
#include "settings.hpp"

namespace leadflow::verifalia {

// One verify_email operation over the batch {"items": [{"email": ...}, ...]}. `settings` and
// `session` must outlive it (the instance owns both).
sdk::Task verify_email(sdk::Operation& op, const Settings& settings, ApiSession& session);

}  // namespace leadflow::verifalia
