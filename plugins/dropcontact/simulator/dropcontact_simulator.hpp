// Dropcontact's batch API as documented: X-Access-Token auth, POST /batch of up to 250 records
// (400 beyond, 403 when the credits cannot cover the whole batch), results fetched with
// GET /batch/{request_id} after a processing delay (the documented not-ready body meanwhile, and
// for an unknown id), credits taken at submit and refunded when no email is found unless one was
// given, 429 past 60 requests per second. The current API's /v1/enrich/all and
// /v1/account/credits are served as the research describes them.
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <cstdint>
#include <string_view>

namespace leadflow::dropcontact_sim {

inline constexpr std::string_view api_key = "sandbox-dropcontact-key";
inline constexpr std::size_t max_records = 250;
inline constexpr std::size_t max_record_bytes = 15 * 1024;
inline constexpr std::int64_t requests_per_second = 60;
inline constexpr std::string_view observation_path = "/_sandbox/dropcontact";
inline constexpr std::string_view not_ready_reason = "Request not ready yet, try again in 30 seconds";

// How long a batch of `records` takes, in virtual ms, unless --job-ms fixes it.
std::int64_t processing_ms(std::size_t records);

// Installs POST /batch, GET /batch/{request_id}, POST /v1/enrich/all,
// GET /v1/enrich/all/{request_id}, GET /v1/account/credits and the observation route, and
// announces {"api_key": api_key}.
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);

}  // namespace leadflow::dropcontact_sim
