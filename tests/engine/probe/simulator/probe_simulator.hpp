// The probe API: the test provider behind the probe plugin. Bearer auth, JSON bodies, lookups one
// by one (POST /lookup) or in batches answered out of order (POST /batch), asynchronous jobs
// (POST /jobs, GET /jobs/{id}), X-RateLimit-* headers on every answer, and behaviours chosen by
// the key (key_behaviour.hpp). GET /_sandbox/probe tells tests what it saw (observations.hpp).
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace leadflow::probe_sim {

inline constexpr std::string_view api_key = "probe-key";
inline constexpr std::string_view api_root = "/v1";
inline constexpr std::string_view observation_path = "/_sandbox/probe";
inline constexpr std::size_t max_batch_items = 5;
inline constexpr std::int64_t job_ms = 2'000;        // unless --job-ms says otherwise
inline constexpr std::int64_t slow_job_ms = 30'000;  // a slow- key's job
inline constexpr std::int64_t lookup_per_second = 20;
inline constexpr std::int64_t default_per_second = 50;

// Installs POST /lookup, POST /batch, POST /jobs, GET /jobs/{id} and GET /account under api_root,
// and GET /_sandbox/probe; announces {"api_key": api_key}.
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);

}  // namespace leadflow::probe_sim
