// Reads and checks the InsideView provider config.
#include "settings.hpp"

namespace leadflow::insideview {
namespace {

std::string optional_text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || config.at(key).is_null()) return "";
  if (!config.at(key).is_string()) throw sdk::ConfigError("InsideView's '" + key + "' must be a string.");
  return config.at(key).get<std::string>();
}

std::string required_url(const nlohmann::json& config, const std::string& key) {
  const auto url = optional_text(config, key);
  if (url.empty()) throw sdk::ConfigError("InsideView needs a non-empty '" + key + "' in its provider config.");
  return url;
}

bool is_http_url(const std::string& url) { return url.starts_with("https://") || url.starts_with("http://"); }

std::chrono::milliseconds positive_duration(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_number_integer() || config.at(key).get<long long>() <= 0)
    throw sdk::ConfigError("InsideView's '" + key + "' must be a positive integer number of milliseconds.");
  return std::chrono::milliseconds(config.at(key).get<long long>());
}

// "http://127.0.0.1:8080/api/v1" -> "http://127.0.0.1:8080".
std::string origin_of(const std::string& url) {
  const auto path = url.find('/', url.find("//") + 2);
  return path == std::string::npos ? url : url.substr(0, path);
}

}  // namespace

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings{
      .access_token = optional_text(config, "access_token"),
      .client_id = optional_text(config, "client_id"),
      .client_secret = optional_text(config, "client_secret"),
      .base_url = required_url(config, "base_url"),
      .login_url = required_url(config, "login_url"),
      .webhook = optional_text(config, "webhook"),
      .first_poll = positive_duration(config, "first_poll_ms"),
      .max_poll_interval = positive_duration(config, "max_poll_interval_ms"),
      .max_wait = positive_duration(config, "max_wait_ms"),
      .busy_retry = positive_duration(config, "busy_retry_ms"),
      .throttle_lock = positive_duration(config, "throttle_lock_ms"),
  };
  if (settings.access_token.empty() && (settings.client_id.empty() || settings.client_secret.empty()))
    throw sdk::ConfigError(
        "InsideView needs either 'access_token', or both 'client_id' and 'client_secret', in its provider config.");
  if (!is_http_url(settings.base_url))
    throw sdk::ConfigError("InsideView's 'base_url' must start with https:// (or http:// for a local simulator), got '" +
                           settings.base_url + "'.");
  if (!settings.webhook.empty() && !is_http_url(settings.webhook))
    throw sdk::ConfigError("InsideView's 'webhook' must be an http(s) URL, got '" + settings.webhook + "'.");
  if (settings.login_url.starts_with("/"))
    settings.login_url = origin_of(settings.base_url) + settings.login_url;
  else if (!is_http_url(settings.login_url))
    throw sdk::ConfigError("InsideView's 'login_url' must be an https:// URL or a path on base_url's host, got '" +
                           settings.login_url + "'.");
  return settings;
}

std::string Settings::url(std::string_view path) const { return sdk::join_url(base_url, path); }

}  // namespace leadflow::insideview
