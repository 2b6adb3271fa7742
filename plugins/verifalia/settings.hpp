// The validated configuration of one Verifalia instance (one account): credentials and how they
// are presented, the API hosts to fail over across, and the job options every submission carries.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::verifalia {

enum class AuthMethod { basic, bearer, certificate };

struct Settings {
  AuthMethod auth = AuthMethod::basic;
  std::string username;
  std::string password;
  std::string totp_secret;  // base32, empty when the user has no TOTP factor
  std::string client_cert;  // PEM paths (auth: certificate)
  std::string client_key;
  std::vector<std::string> base_urls;  // at least one; tried in turn on transport errors and 5xx

  std::string quality;        // empty: the account's default
  std::string deduplication;  // empty: not sent
  std::optional<int> priority;
  std::string retention;  // as Verifalia writes it, empty: not sent
  bool delete_after_read = false;
  std::string job_name;
  std::string callback_url;  // empty: no completion callback

  std::chrono::milliseconds submission_wait{30000};
  std::chrono::milliseconds poll_wait{30000};
  std::chrono::milliseconds max_wait{7200000};

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError naming the key
  // when a value is missing or unusable.
  static Settings from_config(const nlohmann::json& config);
};

// The base URLs in a base_url value: one URL, or several separated by commas or white space.
std::vector<std::string> split_base_urls(const std::string& text);

// Verifalia's retention format, [d.]hh:mm:ss (as in "0:5:0" or "30.0:0:0"), in seconds; nullopt
// when `text` is not in that format.
std::optional<long long> retention_seconds(const std::string& text);

}  // namespace leadflow::verifalia
