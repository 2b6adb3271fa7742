// Host services for plugins; see host_delegate.hpp.
#include "engine/host_delegate.hpp"

#include <leadflow/plugin.h>

namespace leadflow::engine {
namespace {

spdlog::level::level_enum to_spdlog(int level) {
  switch (level) {
    case LF_LOG_TRACE: return spdlog::level::trace;
    case LF_LOG_DEBUG: return spdlog::level::debug;
    case LF_LOG_INFO: return spdlog::level::info;
    case LF_LOG_WARN: return spdlog::level::warn;
    default: return spdlog::level::err;
  }
}

constexpr std::uint32_t default_cache_ttl_s = 30 * 24 * 3600;

}  // namespace

void EngineHostDelegate::log(const std::string& plugin_id, const std::string& label, int level, std::string_view message) {
  logger_.log(to_spdlog(level), "[{}] {}: {}", plugin_id, label, message);
}

bool EngineHostDelegate::log_enabled(int level) { return logger_.should_log(to_spdlog(level)); }

std::optional<std::string> EngineHostDelegate::cache_get(std::string_view ns, std::string_view key) {
  if (!store_) return std::nullopt;
  return store_->cache_get(ns, key, clock_.now_unix_ms());
}

void EngineHostDelegate::cache_put(std::string_view ns, std::string_view key, std::string_view value, std::uint32_t ttl_s) {
  if (store_) store_->cache_put(ns, key, value, clock_.now_unix_ms(), ttl_s ? ttl_s : default_cache_ttl_s);
}

}  // namespace leadflow::engine
