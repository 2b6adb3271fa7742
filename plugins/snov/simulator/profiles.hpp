// Snov.io's person profiles from the fake world: get-profile-by-email (1 credit, free when the
// owner is unknown), and the social-URL search, where get-emails-from-url shows nothing until
// add-url-for-search (1 credit per request) pushed the URL and its search ran for a while.
#pragma once

#include <leadflow/sandbox/credit_ledger.hpp>
#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace leadflow::snov_sim {

// THREAD: not thread-safe; the simulator serialises its routes.
class Profiles {
 public:
  Profiles(const sandbox::FakeWorld& world, sandbox::CreditLedger& ledger, std::uint64_t seed, std::optional<std::int64_t> job_ms);

  nlohmann::json profile_by_email(const std::string& account, const std::string& email);
  nlohmann::json add_url(const std::string& account, const std::string& url, std::int64_t now_ms);
  nlohmann::json emails_from_url(const std::string& account, const std::string& url, std::int64_t now_ms) const;
  void clear() { url_searches_.clear(); }

  // The jobs of a person's current company, as currentJobs/currentJob hold them.
  nlohmann::json current_jobs(const sandbox::Person& person) const;
  nlohmann::json social_links(const sandbox::Person& person) const;

 private:
  const sandbox::Person* person_by_url(const std::string& url) const;

  const sandbox::FakeWorld& world_;
  sandbox::CreditLedger& ledger_;
  std::uint64_t seed_;
  std::optional<std::int64_t> job_ms_;
  std::int64_t url_requests_ = 0;
  std::map<std::string, std::int64_t> url_searches_;  // account|url -> virtual time the search is over
};

// "https://www.LinkedIn.com/in/ada-1a2b/" -> "linkedin.com/in/ada-1a2b": how URLs are compared.
std::string comparable_url(std::string url);

}  // namespace leadflow::snov_sim
