// Snov.io's v2 Domain Search, five asynchronous searches that each start with a POST and are read
// with a GET on links.result until status is "completed" (they stay "in progress" for a few
// virtual seconds):
//   company info        POST /v2/domain-search/start                 GET /v2/domain-search/result/{task_hash}
//   prospects           POST /v2/domain-search/prospects/start       GET .../prospects/result/{task_hash}
//                       (positions[] up to 10, 20 per page, links.next = the next page's start URL)
//   a prospect's email  POST .../prospects/search-emails/start/{prospect_hash}  GET .../search-emails/result/{task_hash}
//   domain emails       POST /v2/domain-search/domain-emails/start   GET .../domain-emails/result/{task_hash}
//   generic contacts    POST /v2/domain-search/generic-contacts/start GET .../generic-contacts/result/{task_hash}
//                       (50 per page, cursor meta.next, links.next = the next page's start URL)
// Charging, as the docs state it: "1 credit per each unique request / 1 credit for every
// prospect profile with an email ... You won't be charged if you get no results." Each start
// with results is charged once per unique request; a prospect's email search once per prospect
// that has an email.
#pragma once

#include <leadflow/sandbox/credit_ledger.hpp>
#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::snov_sim {

enum class SearchKind { company, prospects, prospect_emails, domain_emails, generic_contacts };

inline constexpr std::size_t prospects_per_page = 20;
inline constexpr std::size_t emails_per_page = 50;
inline constexpr std::size_t max_positions = 10;

// THREAD: not thread-safe; the simulator serialises its routes.
class DomainSearch {
 public:
  DomainSearch(const sandbox::FakeWorld& world, sandbox::CreditLedger& ledger, std::uint64_t seed,
               std::optional<std::int64_t> job_ms);

  // Each start answers the documented start body; `origin` ("http://127.0.0.1:PORT") prefixes
  // the links. `cursor` is the domain-emails/generic-contacts `next`.
  nlohmann::json start(const std::string& account, SearchKind kind, const std::string& domain,
                       const std::vector<std::string>& positions, int page, const std::string& cursor,
                       const std::string& origin, std::int64_t now_ms);
  // nullopt for an unknown prospect hash.
  std::optional<nlohmann::json> start_prospect_emails(const std::string& account, const std::string& prospect_hash,
                                                      const std::string& origin, std::int64_t now_ms);
  // The result body; nullopt for a task this account did not start with a search of `kind`.
  std::optional<nlohmann::json> result(const std::string& account, SearchKind kind, const std::string& task_hash,
                                       const std::string& origin, std::int64_t now_ms) const;
  // The prospect hash Snov gives a person (part of search_emails_start).
  std::string prospect_hash_of(const sandbox::Person& person) const;
  void clear() { tasks_.clear(); }

 private:
  struct Task {
    SearchKind kind;
    std::string account;
    std::string domain;
    std::vector<std::string> positions;
    int page = 1;
    std::size_t offset = 0;  // domain emails / generic contacts
    std::string cursor;       // the `next` this page was asked with
    std::string next_cursor;  // the page after it; "" when this is the last
    const sandbox::Person* prospect = nullptr;
    std::int64_t ready_ms = 0;
  };

  std::string new_task_hash(const std::string& what);
  std::vector<const sandbox::Person*> prospects_of(const std::string& domain, const std::vector<std::string>& positions) const;
  std::vector<std::string> emails_of(SearchKind kind, const std::string& domain) const;
  std::string cursor_for(const std::string& domain, std::size_t offset);

  nlohmann::json company_result(const Task& task, const std::string& hash, const std::string& origin) const;
  nlohmann::json prospects_result(const Task& task, const std::string& hash, const std::string& origin) const;
  nlohmann::json prospect_emails_result(const Task& task, const std::string& hash, std::int64_t now_ms) const;
  nlohmann::json emails_result(const Task& task, const std::string& hash, const std::string& origin) const;

  const sandbox::FakeWorld& world_;
  sandbox::CreditLedger& ledger_;
  std::uint64_t seed_;
  std::optional<std::int64_t> job_ms_;
  std::int64_t started_ = 0;
  std::map<std::string, Task> tasks_;
  std::map<std::string, const sandbox::Person*> prospects_by_hash_;
  std::map<std::string, std::size_t> offsets_by_cursor_;
};

// The path fragment of each search ("" for company info, "prospects", "domain-emails", ...).
std::string path_of(SearchKind kind);

}  // namespace leadflow::snov_sim
