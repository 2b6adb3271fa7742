// The validated configuration of one Snov.io instance (one account): the OAuth client, the URL
// root, the plan's hourly caps, and how long to wait for Snov's asynchronous answers.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace leadflow::snov {

// The hourly caps of a Snov plan ("Hourly search limit depends on your plan").
struct PlanCaps {
  std::int64_t finder_requests_per_hour = 200;  // Starter
  std::int64_t verifier_emails_per_hour = 500;  // Starter
};

struct Settings {
  std::string client_id;
  std::string client_secret;
  std::string base_url;
  std::string plan;
  PlanCaps caps;
  std::chrono::milliseconds token_refresh_margin;  // refresh this long before expires_in runs out
  std::chrono::milliseconds task_poll;             // v2 domain-search results
  std::chrono::milliseconds task_max_wait;
  std::chrono::milliseconds finder_first_poll;     // v1 finder after add-names-to-find-emails
  std::chrono::milliseconds finder_max_wait;
  std::chrono::milliseconds verifier_first_poll;   // v1 verifier after add-emails-to-verification
  std::chrono::milliseconds verifier_max_wait;
  std::chrono::milliseconds greylist_retry;        // "resubmit ... after a short break (usually from 15 minutes to 1 hour)"
  std::chrono::milliseconds greylist_max_wait;
  std::chrono::milliseconds url_search_max_wait;   // add-url-for-search -> get-emails-from-url
  std::chrono::milliseconds cap_max_wait;          // longest pause for an hourly cap before failing rate_limited
  bool update_contacts;                            // add-prospect-to-list updateContact default
  std::int64_t do_not_email_list_id;               // 0: none configured

  // Reads the config (manifest defaults already filled); throws sdk::ConfigError when a value is
  // missing or unusable.
  static Settings from_config(const nlohmann::json& config);

  // {base_url}/{path}, with exactly one slash between them.
  std::string url(std::string_view path) const;
};

}  // namespace leadflow::snov
