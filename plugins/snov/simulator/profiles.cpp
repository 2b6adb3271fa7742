// Profiles and the social-URL search; see profiles.hpp.
#include "profiles.hpp"

#include "snov_dates.hpp"
#include "stable_hash.hpp"

#include <algorithm>

namespace leadflow::snov_sim {

std::string comparable_url(std::string url) {
  std::transform(url.begin(), url.end(), url.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* prefix : {"https://", "http://"})
    if (url.starts_with(prefix)) url.erase(0, std::string_view(prefix).size());
  if (url.starts_with("www.")) url.erase(0, 4);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Profiles::Profiles(const sandbox::FakeWorld& world, sandbox::CreditLedger& ledger, std::uint64_t seed, std::optional<std::int64_t> job_ms)
    : world_(world), ledger_(ledger), seed_(seed), job_ms_(job_ms) {}

const sandbox::Person* Profiles::person_by_url(const std::string& url) const {
  const auto wanted = comparable_url(url);
  for (const auto& person : world_.people()) {
    if (comparable_url(person.linkedin_url) == wanted) return &person;
    if (!person.twitter.empty() && wanted == "twitter.com/" + person.twitter.substr(1)) return &person;
    if (!person.twitter.empty() && wanted == "x.com/" + person.twitter.substr(1)) return &person;
  }
  return nullptr;
}

nlohmann::json Profiles::current_jobs(const sandbox::Person& person) const {
  const auto* company = world_.company_by_domain(person.domain);
  nlohmann::json job{{"companyName", person.company},
                     {"position", person.title},
                     {"socialLink", company ? nlohmann::json(company->linkedin_url) : nlohmann::json()},
                     {"site", company ? nlohmann::json(company->website) : nlohmann::json()},
                     {"locality", nullptr},
                     {"state", nullptr},
                     {"city", nullptr},
                     {"street", nullptr},
                     {"street2", nullptr},
                     {"postal", nullptr},
                     {"founded", nullptr},
                     {"startDate", nullptr},
                     {"endDate", nullptr},
                     {"size", company ? nlohmann::json(company->nb_employees) : nlohmann::json()},
                     {"industry", company ? nlohmann::json(company->industry) : nlohmann::json()},
                     {"companyType", nullptr},
                     {"country", nullptr}};
  return nlohmann::json::array({job});
}

nlohmann::json Profiles::social_links(const sandbox::Person& person) const {
  nlohmann::json social = nlohmann::json::array({{{"link", person.linkedin_url}, {"type", "linkedIn"}}});
  if (!person.twitter.empty()) social.push_back({{"link", "https://twitter.com/" + person.twitter.substr(1)}, {"type", "twitter"}});
  return social;
}

nlohmann::json Profiles::profile_by_email(const std::string& account, const std::string& email) {
  const auto* person = world_.person_by_email(email);
  // "If we find no information about the email owner in our database, you will not be charged."
  if (!person) return {{"success", false}, {"message", "We couldn't find any profile for this email"}};
  ledger_.charge(account, "get-profile-by-email", email, 1);
  const auto* company = world_.company_by_domain(person->domain);
  return {{"success", true},
          {"id", person->id},
          {"source", "linkedIn"},
          {"name", person->full_name()},
          {"firstName", person->first_name},
          {"lastName", person->last_name},
          {"logo", ""},
          {"industry", company ? nlohmann::json(company->industry) : nlohmann::json()},
          {"country", nullptr},
          {"locality", nullptr},
          {"social", social_links(*person)},
          {"currentJobs", current_jobs(*person)},
          {"previousJobs", nlohmann::json::array()},
          {"lastUpdateDate", "2026-01-15 10:12:28"}};
}

nlohmann::json Profiles::add_url(const std::string& account, const std::string& url, std::int64_t now_ms) {
  if (url.empty()) return {{"success", false}, {"message", "The url parameter is required"}};
  ledger_.charge(account, "add-url-for-search", url + "#" + std::to_string(++url_requests_), 1);  // "1 credit per request"
  const auto key = account + "|" + comparable_url(url);
  if (!url_searches_.contains(key)) url_searches_[key] = now_ms + job_duration_ms(key, seed_, 5'000, 20'000, job_ms_);
  return {{"success", true}};
}

nlohmann::json Profiles::emails_from_url(const std::string& account, const std::string& url, std::int64_t now_ms) const {
  const auto search = url_searches_.find(account + "|" + comparable_url(url));
  if (search == url_searches_.end())
    return {{"success", false}, {"message", "Add this URL with add-url-for-search first"}};
  if (now_ms < search->second) return {{"success", true}, {"data", nlohmann::json::array()}};
  const auto* person = person_by_url(url);
  if (!person) return {{"success", false}, {"message", "Prospect not found"}};
  const auto* company = world_.company_by_domain(person->domain);
  nlohmann::json emails = nlohmann::json::array();
  if (person->findable && person->domain_kind != sandbox::DomainKind::nonexistent)
    emails.push_back({{"email", person->email}, {"status", person->domain_kind == sandbox::DomainKind::catch_all ? "unknown" : "valid"}});
  nlohmann::json profile{{"id", hex_id("profile:" + std::to_string(person->id), seed_, 22) + "=="},
                         {"name", person->full_name()},
                         {"firstName", person->first_name},
                         {"lastName", person->last_name},
                         {"sourcePage", person->linkedin_url},
                         {"source", "linkedIn"},
                         {"industry", company ? nlohmann::json(company->industry) : nlohmann::json()},
                         {"country", nullptr},
                         {"locality", nullptr},
                         {"lastUpdateDate", date_object(search->second)},
                         {"currentJob", current_jobs(*person)},
                         {"previousJob", nlohmann::json::array()},
                         {"social", social_links(*person)},
                         {"emails", emails}};
  return {{"success", true}, {"data", nlohmann::json::array({profile})}};
}

}  // namespace leadflow::snov_sim
