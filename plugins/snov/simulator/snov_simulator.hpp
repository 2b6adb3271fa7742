// Snov.io's API as its documentation describes it, over the sandbox kit: the client-credentials
// token (expires_in 3600, 401 once expired), 60 requests per minute per account, the v1 finder
// and verifier that know nothing until names/emails are pushed, their hourly caps by plan ("There
// are too many prospects processing. Please try later"), the v2 domain search tasks that stay
// "in progress" for a while, profiles, lists, campaigns, balance and webhooks, and credits
// charged as the docs state, in the credit ledger.
#pragma once

#include "hourly_caps.hpp"

#include <leadflow/sandbox/simulator.hpp>

#include <cstdint>
#include <string_view>

namespace leadflow::snov_sim {

inline constexpr std::string_view client_id = "sandbox-snov-client-id";
inline constexpr std::string_view client_secret = "sandbox-snov-client-secret";
// GET: {"tokens_issued", "expired_or_unknown_tokens_refused", "hourly_cap_refusals"}.
inline constexpr std::string_view observed_path = "/_sandbox/snov";
inline constexpr std::string_view too_many_prospects = "There are too many prospects processing. Please try later";

struct SimulatorSettings {
  std::int64_t token_lifetime_s = 3600;  // Snov's tokens live an hour
  PlanCaps plan;                          // Starter unless a test says otherwise
};

// Installs every documented route at the API root "" (Snov's paths start with /v1 and /v2) and
// announces {"client_id", "client_secret"}. LEADFLOW_SANDBOX_SNOV_TOKEN_S, when set, shortens the
// tokens' life (seconds of virtual time), so a sandbox run can watch them expire.
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);
// The same with other settings (tests: a short token lifetime, a small hourly cap).
sandbox::RouteInstaller routes_with(SimulatorSettings settings);

}  // namespace leadflow::snov_sim
