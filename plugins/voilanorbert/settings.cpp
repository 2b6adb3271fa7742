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

std::string optional_text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || config.at(key).is_null()) return "";
  if (!config.at(key).is_string()) throw sdk::ConfigError("VoilaNorbert's '" + key + "' must be a string.");
  return config.at(key).get<std::string>();
}

}  // namespace

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings{
      .api_key = required_text(config, "api_key"),
      .base_url = required_text(config, "base_url"),
      .poll_interval = positive_duration(config, "poll_interval_ms"),
      .first_poll = positive_duration(config, "first_poll_ms"),
      .max_wait = positive_duration(config, "max_wait_ms"),
      .job_poll_interval = positive_duration(config, "job_poll_interval_ms"),
      .job_max_wait = positive_duration(config, "job_max_wait_ms"),
      .webhook_url = optional_text(config, "webhook_url"),
  };
  if (!settings.webhook_url.empty() && !settings.webhook_url.starts_with("https://") && !settings.webhook_url.starts_with("http://"))
    throw sdk::ConfigError("VoilaNorbert's 'webhook_url' must be an http(s) URL, got '" + settings.webhook_url + "'.");
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

namespace leadflow::voilanorbert {

sdk::HttpRequest Settings::request(std::string method, std::string_view path,
                                   const std::vector<std::pair<std::string, std::string>>& form, std::string rate_limit_key,
                                   bool idempotent, double expected_cost) const {
  sdk::HttpRequest request{
      .method = std::move(method),
      .url = url(path),
      .headers = {authorization()},
      .idempotent = idempotent,
      .rate_limit_key = std::move(rate_limit_key),
      .expected_cost = expected_cost,
  };
  if (!form.empty()) {
    request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    request.body = sdk::form_encode(form);
  }
  return request;
}

}  // namespace leadflow::voilanorbert
