// One configured provider account during a run: its plugin instance, the rate limiters of its
// rate-limit classes, what it has cost so far, and whether it has been stopped (a rejected key
// or an empty balance stops a provider: later rows fail fast instead of hammering it).
#pragma once

#include "engine/rate_limiter.hpp"
#include "plugin/plugin_instance.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace leadflow::engine {

struct ProviderStats {
  std::uint64_t requests = 0;   // HTTP exchanges sent, retries and resends included
  std::uint64_t throttled = 0;  // 429 answers (each waited out and resent)
  std::uint64_t retries = 0;    // resends after transport errors or 5xx
  double credits = 0;           // credits the plugin reported as charged
};

// THREAD: the engine's event-loop thread only.
struct ProviderRuntime {
  std::string name;       // the workflow's provider name
  std::string plugin_id;
  std::unique_ptr<plugin::Instance> instance;
  std::map<std::string, std::unique_ptr<RateLimiter>, std::less<>> limiters;  // by rate-limit class
  ProviderStats stats;
  std::optional<nlohmann::json> stopped_by;  // the error that stopped it

  RateLimiter& limiter(std::string_view rate_limit_key) {
    if (auto it = limiters.find(rate_limit_key); it != limiters.end()) return *it->second;
    return *limiters.at("default");
  }
};

}  // namespace leadflow::engine
