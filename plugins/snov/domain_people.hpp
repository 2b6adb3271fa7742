// What one find_domain_emails collects from the v2 Domain Search answers, and how each answer
// reads: the company object, prospects with the email their search found, domain emails and
// generic contacts, deduplicated by address, up to `limit`.
#pragma once

#include "api_call.hpp"
#include "settings.hpp"

#include <leadflow/plugin.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leadflow::snov {

struct DomainQuery {
  std::string domain;
  std::vector<std::string> positions;  // at most 10, Snov's limit per request
  std::optional<std::int64_t> limit;
};

inline constexpr std::size_t max_positions = 10;

class DomainPeople {
 public:
  explicit DomainPeople(DomainQuery query) : query_(std::move(query)) {}

  const DomainQuery& query() const { return query_; }
  bool full() const { return query_.limit && static_cast<std::int64_t>(people_.size()) >= *query_.limit; }

  void read_company(const nlohmann::json& result);
  // The prospects of one page, as {first_name, last_name, position, source_page, search_emails_start}.
  std::vector<nlohmann::json> prospects_of_page(const nlohmann::json& result);
  void add_prospect(const nlohmann::json& prospect, const nlohmann::json& email_result);
  // Domain emails (type personal) or generic contacts (type generic) of one page.
  void add_emails(const nlohmann::json& result, const char* type);

  // DONE with status, people, total, company and raw (credits are the caller's count).
  sdk::Outcome outcome() const;

 private:
  DomainQuery query_;
  nlohmann::json company_;
  std::optional<std::int64_t> prospects_total_;
  std::int64_t emails_total_ = 0;
  nlohmann::json people_ = nlohmann::json::array();
  std::set<std::string> addresses_;
  std::vector<nlohmann::json> raw_;
};

// The start calls. Company info, prospects and the email lists are POSTed with the domain (and
// page, positions[N], next) form-encoded; a links.next URL is POSTed as it is.
ApiCall company_start(const Settings& settings, const DomainQuery& query);
ApiCall prospects_start(const Settings& settings, const DomainQuery& query);
ApiCall emails_start(const Settings& settings, const std::string& domain, const std::string& kind, const std::string& next);
ApiCall post_link(const std::string& url, std::string what);

// Whether a completed result holds anything ("You won't be charged if you get no results").
bool has_results(const nlohmann::json& result);
// meta.next of a domain-emails / generic-contacts result ("" on the last page).
std::string next_cursor(const nlohmann::json& result);

}  // namespace leadflow::snov
