// The validated configuration of one Dropcontact instance (one account), and the parts of every
// request that come from it: the URLs of the batch endpoint and the access-token header.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace leadflow::dropcontact {

struct Settings {
  std::string api_key;
  std::string base_url;
  std::string batch_path;  // "/batch", or "/v1/enrich/all" on the current API
  std::string language;    // "en" or "fr"
  bool siren = false;
  std::chrono::milliseconds first_poll;
  std::chrono::milliseconds poll_interval;
  std::chrono::milliseconds max_wait;

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError when a value
  // is missing or unusable.
  static Settings from_config(const nlohmann::json& config);

  // {base_url}{batch_path}, and the same followed by /{request_id}.
  std::string batch_url() const;
  std::string batch_url(std::string_view request_id) const;
  // {base_url}/{path}, with exactly one slash between them.
  std::string url(std::string_view path) const;
  // "Include 'X-Access-Token': apiKey in your header for authentification."
  sdk::Header access_token() const;
};

}  // namespace leadflow::dropcontact
