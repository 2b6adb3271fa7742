// Snov.io charges its domain searches "1 credit per each unique request": the host's cache
// remembers which requests this account already paid for, keyed by the request's URL and body
// (so another server, such as a freshly started sandbox simulator, never shares them), and a
// repeat reports no credit.
#pragma once

#include "api_call.hpp"

#include <leadflow/plugin.hpp>

namespace leadflow::snov {

// True the first time this account pays for `call`.
inline bool first_charge(const sdk::Operation& op, const ApiCall& call) {
  const auto key = "charged:" + call.method + " " + call.url + "|" + call.body;
  if (op.host().cache_get(key)) return false;
  op.host().cache_put(key, "1");
  return true;
}

}  // namespace leadflow::snov
