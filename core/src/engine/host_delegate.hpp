// The services the host offers plugins (ABI host-services table): logging through the run's
// logger, the engine clock, and a key-value cache kept in the store. Secrets are already masked
// by the plugin host before anything a plugin says reaches these services.
#pragma once

#include "engine/engine_clock.hpp"
#include "plugin/host_services.hpp"
#include "store/store.hpp"

#include <spdlog/logger.h>

namespace leadflow::engine {

// THREAD: the engine's event-loop thread only (plugins are only called from there).
class EngineHostDelegate final : public plugin::HostDelegate {
 public:
  EngineHostDelegate(spdlog::logger& logger, const EngineClock& clock, store::Store* store)
      : logger_(logger), clock_(clock), store_(store) {}

  void log(const std::string& plugin_id, const std::string& label, int level, std::string_view message) override;
  bool log_enabled(int level) override;
  std::int64_t now_unix_ms() override { return clock_.now_unix_ms(); }
  std::int64_t monotonic_ms() override { return clock_.monotonic_ms(); }
  std::optional<std::string> cache_get(std::string_view ns, std::string_view key) override;
  void cache_put(std::string_view ns, std::string_view key, std::string_view value, std::uint32_t ttl_s) override;

 private:
  spdlog::logger& logger_;
  const EngineClock& clock_;
  store::Store* store_;
};

}  // namespace leadflow::engine
