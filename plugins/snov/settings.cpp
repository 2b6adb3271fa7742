// Reads and checks the Snov.io provider config.
#include "settings.hpp"

#include <map>
#include <string>

namespace leadflow::snov {
namespace {

std::string required_text(const nlohmann::json& config, const std::string& key) {
  if (!config.contains(key) || !config.at(key).is_string() || config.at(key).get<std::string>().empty())
    throw sdk::ConfigError("Snov.io needs a non-empty string '" + key + "' in its provider config.");
  return config.at(key).get<std::string>();
}

std::int64_t whole_number(const nlohmann::json& config, const std::string& key, std::int64_t minimum) {
  if (!config.contains(key) || !config.at(key).is_number_integer() || config.at(key).get<std::int64_t>() < minimum)
    throw sdk::ConfigError("Snov.io's '" + key + "' must be an integer of at least " + std::to_string(minimum) + ".");
  return config.at(key).get<std::int64_t>();
}

std::chrono::milliseconds positive_duration(const nlohmann::json& config, const std::string& key) {
  return std::chrono::milliseconds(whole_number(config, key, 1));
}

// The docs' table of hourly limits per plan.
PlanCaps caps_of_plan(const std::string& plan) {
  static const std::map<std::string, PlanCaps> plans{{"starter", {200, 500}},   {"pro_5k", {400, 1000}}, {"pro_20k", {600, 1400}},
                                                     {"pro_50k", {800, 2000}}, {"pro_100k", {1000, 4000}}};
  const auto found = plans.find(plan);
  if (found == plans.end())
    throw sdk::ConfigError("Snov.io's 'plan' must be one of starter, pro_5k, pro_20k, pro_50k, pro_100k; got '" + plan + "'.");
  return found->second;
}

}  // namespace

Settings Settings::from_config(const nlohmann::json& config) {
  Settings settings{
      .client_id = required_text(config, "client_id"),
      .client_secret = required_text(config, "client_secret"),
      .base_url = required_text(config, "base_url"),
      .plan = required_text(config, "plan"),
      .caps = {},
      .token_refresh_margin = std::chrono::milliseconds(whole_number(config, "token_refresh_margin_ms", 0)),
      .task_poll = positive_duration(config, "task_poll_ms"),
      .task_max_wait = positive_duration(config, "task_max_wait_ms"),
      .finder_first_poll = positive_duration(config, "finder_first_poll_ms"),
      .finder_max_wait = positive_duration(config, "finder_max_wait_ms"),
      .verifier_first_poll = positive_duration(config, "verifier_first_poll_ms"),
      .verifier_max_wait = positive_duration(config, "verifier_max_wait_ms"),
      .greylist_retry = positive_duration(config, "greylist_retry_ms"),
      .greylist_max_wait = positive_duration(config, "greylist_max_wait_ms"),
      .url_search_max_wait = positive_duration(config, "url_search_max_wait_ms"),
      .cap_max_wait = positive_duration(config, "cap_max_wait_ms"),
      .update_contacts = config.value("update_contacts", false),
      .do_not_email_list_id = whole_number(config, "do_not_email_list_id", 0),
  };
  settings.caps = caps_of_plan(settings.plan);
  if (const auto finder = whole_number(config, "finder_requests_per_hour", 0); finder > 0) settings.caps.finder_requests_per_hour = finder;
  if (const auto verifier = whole_number(config, "verifier_emails_per_hour", 0); verifier > 0) settings.caps.verifier_emails_per_hour = verifier;
  if (!settings.base_url.starts_with("https://") && !settings.base_url.starts_with("http://"))
    throw sdk::ConfigError("Snov.io's 'base_url' must start with https:// (or http:// for a local simulator), got '" +
                           settings.base_url + "'.");
  return settings;
}

std::string Settings::url(std::string_view path) const { return sdk::join_url(base_url, path); }

}  // namespace leadflow::snov
