// InsideView's Data API as documented (../../../../shared/provider-docs/insideview.txt) and as
// the research (providers.md §4) completes it: a token endpoint on the login path, the Contact
// Details bulk job (submit, status, CSV results), the admin jobs list and the synchronous contact
// details, answered in JSON or, when no Accept header asks for JSON, in XML. At most two jobs run
// per account; a token over its 5-minute request allowance locks the whole account out for a
// full 5-minute window (virtual time).
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <string_view>

namespace leadflow::insideview_sim {

inline constexpr std::string_view client_id = "sandbox-insideview-client";
inline constexpr std::string_view client_secret = "sandbox-insideview-secret";
inline constexpr std::string_view api_root = "/api/v1";
// The real login host is login.insideview.com; the simulator serves the same paths on its own
// origin and announces login_url as a path, which the plugin resolves against base_url.
inline constexpr std::string_view token_json_path = "/Auth/login/v1/token.json";
inline constexpr std::string_view token_xml_path = "/Auth/login/v1/token";
// What the simulator saw (jobs, concurrency, throttle locks), reported after a sandbox run.
// POST {observation_path}/revoke-tokens forgets every token issued (the next call answers 401);
// POST {observation_path}/fail-next-job makes the next job end `failed`.
inline constexpr std::string_view observation_path = "/_sandbox/insideview";
// The contract-specific number of requests a token may send per 5-minute window; unset: 1000
// (what a public client limits itself to). Tests lower it to provoke the throttle lock.
inline constexpr const char* requests_per_window_variable = "LEADFLOW_INSIDEVIEW_SIM_REQUESTS_PER_5_MIN";

// Installs the token routes, the API routes under api_root and the observation route, and
// announces {"client_id", "client_secret", "login_url"}.
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);

}  // namespace leadflow::insideview_sim
