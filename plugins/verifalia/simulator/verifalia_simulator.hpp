// Verifalia's API v2.6 as documented, on loopback: Basic and bearer (JWT, TOTP) authentication,
// email-validation jobs that take time (202 and polling, entries pages with cursors, 303 for an
// entry by index, 404/410 for deleted or expired jobs, 406 when deleting a running job), file
// imports, credits, 6 requests/s with bursts of 15 answered with 429, problem+json errors, and
// the three api-N hosts, any of which a test can make fail.
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <string_view>

namespace leadflow::verifalia_sim {

inline constexpr std::string_view username = "sandbox-verifalia-user";
inline constexpr std::string_view password = "sandbox-verifalia-password";
// A second user whose bearer tokens need the TOTP factor, with this authenticator secret.
inline constexpr std::string_view mfa_username = "sandbox-verifalia-mfa-user";
inline constexpr std::string_view mfa_totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
inline constexpr std::string_view api_version = "/v2.6";

// Installs every route under "/v2.6" (the round-robin alias api.verifalia.com, announced as
// base_url) and under "/api-1/v2.6", "/api-2/v2.6", "/api-3/v2.6" (the three hosts), plus the
// control routes:
//   POST /_sandbox/verifalia/hosts   {"down": ["api-2"], "status": 503}  hosts that answer 5xx
//   POST /_sandbox/verifalia/tokens  {"lifetime_s": 60}                  lifetime of new JWTs
//   GET  /_sandbox/verifalia/jobs    jobs submitted, entries, requests per host (observed)
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);

}  // namespace leadflow::verifalia_sim
