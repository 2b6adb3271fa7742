// find_email: the v1 Email Finder. get-emails-from-names (free); when Snov does not know the
// name, add-names-to-find-emails (1 credit, checkpointed) and poll get-emails-from-names with
// backoff up to finder_max_wait_ms.
#pragma once

#include "exchange.hpp"

namespace leadflow::snov {

sdk::Task find_email(sdk::Operation& op, Api api);

}  // namespace leadflow::snov
