// Reads and checks the Verifalia provider config. Values are never quoted in messages: the
// password and the TOTP secret are secrets, and the host redacts them only where it can.
#include "settings.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace leadflow::verifalia {
namespace {

constexpr const char* default_base_url =
    "https://api-1.verifalia.com/v2.6, https://api-2.verifalia.com/v2.6, https://api-3.verifalia.com/v2.6";
constexpr const char* certificate_base_url =
    "https://api-cca-1.verifalia.com/v2.6, https://api-cca-2.verifalia.com/v2.6, https://api-cca-3.verifalia.com/v2.6";

std::string text_of(const nlohmann::json& config, const char* key) {
  if (!config.contains(key) || config.at(key).is_null()) return "";
  if (!config.at(key).is_string()) throw sdk::ConfigError(std::string("Verifalia's '") + key + "' must be a string.");
  return config.at(key).get<std::string>();
}

long long integer_of(const nlohmann::json& config, const char* key, long long low, long long high) {
  const auto& value = config.at(key);
  if (!value.is_number_integer() || value.get<long long>() < low || value.get<long long>() > high)
    throw sdk::ConfigError(std::string("Verifalia's '") + key + "' must be a whole number from " + std::to_string(low) + " to " +
                           std::to_string(high) + ".");
  return value.get<long long>();
}

AuthMethod auth_method(const std::string& text) {
  if (text.empty() || text == "basic") return AuthMethod::basic;
  if (text == "bearer") return AuthMethod::bearer;
  if (text == "certificate") return AuthMethod::certificate;
  throw sdk::ConfigError("Verifalia's 'auth' must be basic, bearer or certificate.");
}

// A PEM file holding `label` ("CERTIFICATE", "PRIVATE KEY"); only its presence is checked, its
// content never leaves this function.
void require_pem_file(const std::string& path, const char* key, const char* label) {
  if (path.empty()) throw sdk::ConfigError(std::string("Verifalia's auth: certificate needs '") + key + "', the path of a PEM file.");
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) throw sdk::ConfigError(std::string("Verifalia's '") + key + "' names a file that cannot be read: " + path + ".");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find(std::string("-----BEGIN ")) == std::string::npos || text.str().find(label) == std::string::npos)
    throw sdk::ConfigError(std::string("Verifalia's '") + key + "' (" + path + ") is not a PEM file with a " + label + " block.");
}

bool is_base32(const std::string& text) {
  std::size_t letters = 0;
  for (char c : text) {
    if (c == ' ' || c == '=' || c == '-') continue;
    const char upper = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    if (!((upper >= 'A' && upper <= 'Z') || (upper >= '2' && upper <= '7'))) return false;
    ++letters;
  }
  return letters >= 8;
}

void check_base_url(const std::string& url) {
  if (!url.starts_with("https://") && !url.starts_with("http://"))
    throw sdk::ConfigError("Verifalia's 'base_url' entries must start with https:// (or http:// for a local simulator), got '" + url +
                           "'.");
}

}  // namespace

std::vector<std::string> split_base_urls(const std::string& text) {
  std::vector<std::string> urls;
  std::string current;
  for (char c : text + ",") {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) urls.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  return urls;
}

std::optional<long long> retention_seconds(const std::string& text) {
  // [d.]h:m:s, each part a whole number.
  std::vector<long long> parts;
  long long days = 0;
  std::string_view rest = text;
  const auto dot = rest.find('.');
  const auto first_colon = rest.find(':');
  auto number = [](std::string_view digits) -> std::optional<long long> {
    long long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
    return value;
  };
  if (dot != std::string_view::npos && dot < first_colon) {
    const auto d = number(rest.substr(0, dot));
    if (!d) return std::nullopt;
    days = *d;
    rest.remove_prefix(dot + 1);
  }
  while (true) {
    const auto colon = rest.find(':');
    const auto part = number(rest.substr(0, colon));
    if (!part) return std::nullopt;
    parts.push_back(*part);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (parts.size() != 3 || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return ((days * 24 + parts[0]) * 60 + parts[1]) * 60 + parts[2];
}

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings;
  settings.auth = auth_method(text_of(config, "auth"));
  settings.username = text_of(config, "username");
  settings.password = text_of(config, "password");
  settings.totp_secret = text_of(config, "totp_secret");
  settings.client_cert = text_of(config, "client_cert");
  settings.client_key = text_of(config, "client_key");

  if (settings.auth == AuthMethod::certificate) {
    require_pem_file(settings.client_cert, "client_cert", "CERTIFICATE");
    require_pem_file(settings.client_key, "client_key", "PRIVATE KEY");
  } else if (settings.username.empty() || settings.password.empty()) {
    throw sdk::ConfigError(std::string("Verifalia's auth: ") + (settings.auth == AuthMethod::basic ? "basic" : "bearer") +
                           " needs 'username' and 'password' (a Verifalia user's credentials).");
  }
  if (!settings.totp_secret.empty() && !is_base32(settings.totp_secret))
    throw sdk::ConfigError("Verifalia's 'totp_secret' must be the base32 secret of the user's authenticator (letters A-Z and digits 2-7).");

  auto base_url = text_of(config, "base_url");
  if (base_url.empty() || (settings.auth == AuthMethod::certificate && base_url == default_base_url))
    base_url = settings.auth == AuthMethod::certificate ? certificate_base_url : default_base_url;
  settings.base_urls = split_base_urls(base_url);
  for (const auto& url : settings.base_urls) check_base_url(url);

  settings.quality = text_of(config, "quality");
  settings.deduplication = text_of(config, "deduplication");
  if (!settings.deduplication.empty() && settings.deduplication != "Off" && settings.deduplication != "Safe" &&
      settings.deduplication != "Relaxed")
    throw sdk::ConfigError("Verifalia's 'deduplication' must be Off, Safe or Relaxed.");
  if (config.contains("priority") && !config.at("priority").is_null())
    settings.priority = static_cast<int>(integer_of(config, "priority", 0, 255));
  settings.retention = text_of(config, "retention");
  if (!settings.retention.empty()) {
    const auto seconds = retention_seconds(settings.retention);
    if (!seconds || *seconds < 5 * 60 || *seconds > 30LL * 24 * 3600)
      throw sdk::ConfigError("Verifalia's 'retention' must be [d.]hh:mm:ss between 0:5:0 (5 minutes) and 30.0:0:0 (30 days), got '" +
                             settings.retention + "'.");
  }
  settings.delete_after_read = config.value("delete_after_read", false);
  settings.job_name = text_of(config, "job_name");
  settings.callback_url = text_of(config, "callback_url");
  if (!settings.callback_url.empty() && !settings.callback_url.starts_with("https://") && !settings.callback_url.starts_with("http://"))
    throw sdk::ConfigError("Verifalia's 'callback_url' must be an http(s) URL Verifalia can reach.");
  settings.submission_wait = std::chrono::milliseconds(integer_of(config, "submission_wait_ms", 0, 30000));
  settings.poll_wait = std::chrono::milliseconds(integer_of(config, "poll_wait_ms", 0, 30000));
  settings.max_wait = std::chrono::milliseconds(integer_of(config, "max_wait_ms", 1, 30LL * 24 * 3600 * 1000));
  return settings;
}

}  // namespace leadflow::verifalia
