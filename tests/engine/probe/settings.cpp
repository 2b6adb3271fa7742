// Reads and checks the probe provider config.
#include "settings.hpp"

namespace leadflow::probe {
namespace {

std::string required_text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_string() || config.at(key).get<std::string>().empty())
    throw sdk::ConfigError("probe needs a non-empty string '" + key + "' in its provider config.");
  return config.at(key).get<std::string>();
}

bool flag(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key)) return false;
  if (!config.at(key).is_boolean()) throw sdk::ConfigError("probe's '" + key + "' must be true or false.");
  return config.at(key).get<bool>();
}

}  // namespace

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings{
      .api_key = required_text(config, "api_key"),
      .base_url = required_text(config, "base_url"),
      .idempotent_lookups = flag(config, "idempotent"),
  };
  if (!settings.base_url.starts_with("https://") && !settings.base_url.starts_with("http://"))
    throw sdk::ConfigError("probe's 'base_url' must start with https:// (or http:// for the simulator), got '" +
                           settings.base_url + "'.");
  return settings;
}

std::string Settings::url(std::string_view path) const { return sdk::join_url(base_url, path); }

sdk::Header Settings::authorization() const { return sdk::Header{"Authorization", "Bearer " + api_key}; }

}  // namespace leadflow::probe
