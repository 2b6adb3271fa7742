// Reads and checks the Dropcontact provider config.
#include "settings.hpp"

#include <string>

namespace leadflow::dropcontact {
namespace {

std::string required_text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_string() || config.at(key).get<std::string>().empty())
    throw sdk::ConfigError("Dropcontact needs a non-empty string '" + key + "' in its provider config.");
  return config.at(key).get<std::string>();
}

std::chrono::milliseconds positive_duration(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_number_integer() || config.at(key).get<long long>() <= 0)
    throw sdk::ConfigError("Dropcontact's '" + key + "' must be a positive integer number of milliseconds.");
  return std::chrono::milliseconds(config.at(key).get<long long>());
}

bool flag(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_boolean())
    throw sdk::ConfigError("Dropcontact's '" + key + "' must be true or false.");
  return config.at(key).get<bool>();
}

}  // namespace

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings{
      .api_key = required_text(config, "api_key"),
      .base_url = required_text(config, "base_url"),
      .batch_path = required_text(config, "batch_path"),
      .language = required_text(config, "language"),
      .siren = flag(config, "siren"),
      .first_poll = positive_duration(config, "first_poll_ms"),
      .poll_interval = positive_duration(config, "poll_interval_ms"),
      .max_wait = positive_duration(config, "max_wait_ms"),
  };
  if (!settings.base_url.starts_with("https://") && !settings.base_url.starts_with("http://"))
    throw sdk::ConfigError("Dropcontact's 'base_url' must start with https:// (or http:// for a local simulator), got '" +
                           settings.base_url + "'.");
  if (!settings.batch_path.starts_with("/"))
    throw sdk::ConfigError("Dropcontact's 'batch_path' must start with '/', e.g. /batch or /v1/enrich/all; got '" +
                           settings.batch_path + "'.");
  if (settings.language != "en" && settings.language != "fr")
    throw sdk::ConfigError("Dropcontact's 'language' must be \"en\" or \"fr\", got '" + settings.language + "'.");
  return settings;
}

std::string Settings::batch_url() const { return url(batch_path); }

std::string Settings::batch_url(std::string_view request_id) const {
  return url(batch_path + "/" + sdk::encode_path_segment(request_id));
}

std::string Settings::url(std::string_view path) const { return sdk::join_url(base_url, path); }

sdk::Header Settings::access_token() const { return sdk::Header{"X-Access-Token", api_key}; }

}  // namespace leadflow::dropcontact
