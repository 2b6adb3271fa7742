// The validated configuration of one VoilaNorbert instance (one account), and the parts of
// every request that come from it: the URL root and the Basic-auth header.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadflow::voilanorbert {

struct Settings {
  std::string api_key;
  std::string base_url;
  std::chrono::milliseconds poll_interval;
  std::chrono::milliseconds first_poll;
  std::chrono::milliseconds max_wait;
  std::chrono::milliseconds job_poll_interval;
  std::chrono::milliseconds job_max_wait;
  std::string webhook_url;  // "" when not configured

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError when a value
  // is missing or unusable.
  static Settings from_config(const nlohmann::json& config);

  // {base_url}/{path}, with exactly one slash between them.
  std::string url(std::string_view path) const;
  // VoilaNorbert ignores the Basic-auth user name and reads the API key as the password.
  sdk::Header authorization() const;

  // The request every call shares: Basic auth, the rate-limit class, a form body when `form` is
  // not empty (POST and PUT), free unless `expected_cost` says otherwise.
  sdk::HttpRequest request(std::string method, std::string_view path, const std::vector<std::pair<std::string, std::string>>& form,
                           std::string rate_limit_key, bool idempotent, double expected_cost = 0) const;
};

}  // namespace leadflow::voilanorbert
