// The validated configuration of one InsideView instance (one account): how to authenticate
// (a given access token, or client credentials exchanged at the token endpoint), the URL roots,
// and the waits of the bulk jobs.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace leadflow::insideview {

struct Settings {
  std::string access_token;   // given: used as is, never refreshed
  std::string client_id;      // else these two are exchanged at login_url
  std::string client_secret;
  std::string base_url;
  std::string login_url;      // absolute
  std::string webhook;        // "" or the job-status URL passed to InsideView
  std::chrono::milliseconds first_poll;
  std::chrono::milliseconds max_poll_interval;
  std::chrono::milliseconds max_wait;
  std::chrono::milliseconds busy_retry;
  std::chrono::milliseconds throttle_lock;

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError when a value
  // is missing or unusable. A login_url that is a path is taken on base_url's origin.
  static Settings from_config(const nlohmann::json& config);

  bool can_log_in() const { return access_token.empty(); }
  // {base_url}/{path}, with exactly one slash between them.
  std::string url(std::string_view path) const;
};

}  // namespace leadflow::insideview
