// One workflow provider during a run: its plugin instance, the account whose limits it shares,
// how hard to retry its requests, what it has cost so far, and whether it has been stopped (a
// rejected key or an empty balance stops a provider: later rows fail fast instead of hammering it).
#pragma once

#include "engine/provider_account.hpp"
#include "plugin/plugin_instance.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace leadflow::engine {

struct RetryPolicy {
  int max_attempts = 4;                            // sends of an idempotent request, the first included
  std::int64_t max_wait_ms = 30 * 60'000;          // total waiting (backoff and 429s) before the plugin is told
  std::int64_t backoff_base_ms = 500;              // provider time
  std::int64_t backoff_cap_ms = 30'000;
  std::chrono::milliseconds default_timeout{30'000};
};

struct ProviderStats {
  std::uint64_t requests = 0;   // HTTP exchanges sent, retries and resends included
  std::uint64_t throttled = 0;  // 429 answers (each waited out and resent)
  std::uint64_t retries = 0;    // resends after transport errors or 5xx
  double credits = 0;           // credits the plugin reported as charged
};

// THREAD: the engine's event-loop thread only.
struct ProviderRuntime {
  std::size_t index = 0;  // in the bound workflow's providers
  std::string name;       // the workflow's provider name
  std::string plugin_id;
  std::unique_ptr<plugin::Instance> instance;
  std::shared_ptr<ProviderAccount> account;
  RetryPolicy retry;
  ProviderStats stats;
  std::optional<nlohmann::json> stopped_by;  // the error that stopped it

  RateLimiter& limiter(std::string_view rate_class) { return account->limiter(rate_class); }
};

}  // namespace leadflow::engine
