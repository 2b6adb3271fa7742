// Reads and checks the VoilaNorbert provider config.
#include "settings.hpp"

#include <string>

namespace leadflow::voilanorbert {
namespace {

std::string required_text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_string() || config.at(key).get<std::string>().empty())
    throw sdk::ConfigError("VoilaNorbert needs a non-empty string '" + key + "' in its provider config.");
  return config.at(key).get<std::string>();
}

std::chrono::milliseconds positive_duration(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_number_integer() || config.at(key).get<long long>() <= 0)
    throw sdk::ConfigError("VoilaNorbert's '" + key + "' must be a positive integer number of milliseconds.");
  return std::chrono::milliseconds(config.at(key).get<long long>());
}

}  // namespace

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings{
      .api_key = required_text(config, "api_key"),
      .base_url = required_text(config, "base_url"),
      .poll_interval = positive_duration(config, "poll_interval_ms"),
      .first_poll = positive_duration(config, "first_poll_ms"),
      .max_wait = positive_duration(config, "max_wait_ms"),
  };
  if (!settings.base_url.starts_with("https://") && !settings.base_url.starts_with("http://"))
    throw sdk::ConfigError("VoilaNorbert's 'base_url' must start with https:// (or http:// for a local simulator), got '" +
                           settings.base_url + "'.");
  return settings;
}

std::string Settings::url(std::string_view path) const { return sdk::join_url(base_url, path); }

sdk::Header Settings::authorization() const {
  return sdk::Header{"Authorization", sdk::basic_auth("leadflow", api_key)};
}

}  // namespace leadflow::voilanorbert
