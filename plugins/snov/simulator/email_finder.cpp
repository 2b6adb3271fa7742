// The simulated Email Finder; see email_finder.hpp.
#include "email_finder.hpp"

#include "stable_hash.hpp"

#include <leadflow/sandbox/name_folding.hpp>

namespace leadflow::snov_sim {
namespace {

nlohmann::json status_json(const char* identifier, const char* description) {
  return {{"identifier", identifier}, {"description", description}};
}

}  // namespace

std::string EmailFinder::key_of(const std::string& account, const NameQuery& query) const {
  return account + "|" + sandbox::fold_name(query.first_name) + "|" + sandbox::fold_name(query.last_name) + "|" +
         sandbox::normalize_domain(query.domain);
}

void EmailFinder::add(const std::string& account, const NameQuery& query, std::int64_t now_ms) {
  const auto key = key_of(account, query);
  if (searches_.contains(key)) return;
  searches_[key] = now_ms + job_duration_ms(key, seed_, 10'000, 60'000, job_ms_);
}

nlohmann::json EmailFinder::lookup(const std::string& account, const NameQuery& query, std::int64_t now_ms) const {
  nlohmann::json body{{"success", true},
                      {"params", {{"firstName", query.first_name}, {"lastName", query.last_name}, {"domain", query.domain}}},
                      {"data", {{"firstName", query.first_name}, {"lastName", query.last_name}, {"emails", nlohmann::json::array()}}}};
  const auto search = searches_.find(key_of(account, query));
  if (search == searches_.end()) {
    body["status"] = status_json("not_found", "Emails not found: push the name with add-names-to-find-emails first");
    return body;
  }
  if (now_ms < search->second) {
    body["status"] = status_json("in_progress", "Emails search is in progress");
    return body;
  }
  const auto* person = world_.find_person(query.first_name, query.last_name, query.domain);
  if (!person || !person->findable || person->domain_kind == sandbox::DomainKind::nonexistent) {
    body["status"] = status_json("not_found", "Emails not found");
    return body;
  }
  // A catch-all server accepts every address: Snov can only say the found address is unknown.
  const auto email_status = person->domain_kind == sandbox::DomainKind::catch_all ? "unknown" : "valid";
  body["data"]["emails"].push_back({{"email", person->email}, {"emailStatus", email_status}});
  body["status"] = status_json("complete", "Emails search is completed");
  return body;
}

}  // namespace leadflow::snov_sim
