// The validated configuration of one VoilaNorbert instance (one account), and the parts of
// every request that come from it: the URL root and the Basic-auth header.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace leadflow::voilanorbert {

struct Settings {
  std::string api_key;
  std::string base_url;
  std::chrono::milliseconds poll_interval;
  std::chrono::milliseconds first_poll;
  std::chrono::milliseconds max_wait;

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError when a value
  // is missing or unusable.
  static Settings from_config(const nlohmann::json& config);

  // {base_url}/{path}, with exactly one slash between them.
  std::string url(std::string_view path) const;
  // VoilaNorbert ignores the Basic-auth user name and reads the API key as the password.
  sdk::Header authorization() const;
};

}  // namespace leadflow::voilanorbert
