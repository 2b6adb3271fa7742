// The services the host offers plugins (log, clocks, cache, set_error), seen from C++ as the
// HostDelegate interface and handed to plugins as the lf_host_services C table.
#pragma once

#include <leadflow/plugin.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::plugin {

// Implemented by whoever embeds the host (the engine, a test). Called from the thread that is
// currently calling into the plugin; it must not call back into the plugin.
class HostDelegate {
 public:
  virtual ~HostDelegate() = default;
  // level is LF_LOG_*; label names the provider or operation ("voilanorbert", "row 12 find_email").
  virtual void log(const std::string& plugin_id, const std::string& label, int level, std::string_view message) = 0;
  virtual bool log_enabled(int level) = 0;
  virtual std::int64_t now_unix_ms() = 0;
  virtual std::int64_t monotonic_ms() = 0;
  // ns is the plugin id: plugins never see each other's entries.
  virtual std::optional<std::string> cache_get(std::string_view ns, std::string_view key) = 0;
  virtual void cache_put(std::string_view ns, std::string_view key, std::string_view value, std::uint32_t ttl_s) = 0;
};

// The C table every plugin receives. Stateless: every call finds its delegate through the ctx.
const lf_host_services& host_services_table();

}  // namespace leadflow::plugin
