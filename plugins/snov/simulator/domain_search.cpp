// The simulated v2 Domain Search; see domain_search.hpp.
#include "domain_search.hpp"

#include "snov_dates.hpp"
#include "stable_hash.hpp"

#include <leadflow/sandbox/form_encoding.hpp>
#include <leadflow/sandbox/name_folding.hpp>

#include <algorithm>

namespace leadflow::snov_sim {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "The positions filter": a prospect matches when its position contains one of them, ignoring case.
bool holds_position(const std::string& title, const std::vector<std::string>& positions) {
  if (positions.empty()) return true;
  const auto lowered = lowercase(title);
  return std::any_of(positions.begin(), positions.end(),
                     [&](const std::string& position) { return lowered.find(lowercase(position)) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ",") + lowercase(value);
  return out;
}

// The start URL of a page, as links.next gives it: the positions as PHP's http_build_query
// writes an array (positions[0]=...), so any client can POST it verbatim.
std::string prospects_page_url(const std::string& origin, const std::string& domain, const std::vector<std::string>& positions, int page) {
  std::string url = origin + "/v2/domain-search/prospects/start?domain=" + sandbox::percent_encode(domain) + "&page=" + std::to_string(page);
  for (std::size_t i = 0; i < positions.size(); ++i)
    url += "&" + sandbox::percent_encode("positions[" + std::to_string(i) + "]") + "=" + sandbox::percent_encode(positions[i]);
  return url;
}

std::string city_of(const sandbox::Company& company) {
  const auto space = company.siret_address.find_last_of(' ');
  return space == std::string::npos ? company.siret_address : company.siret_address.substr(space + 1);
}

}  // namespace

std::string path_of(SearchKind kind) {
  switch (kind) {
    case SearchKind::company: return "";
    case SearchKind::prospects: return "prospects";
    case SearchKind::prospect_emails: return "prospects/search-emails";
    case SearchKind::domain_emails: return "domain-emails";
    case SearchKind::generic_contacts: return "generic-contacts";
  }
  return "";
}

DomainSearch::DomainSearch(const sandbox::FakeWorld& world, sandbox::CreditLedger& ledger, std::uint64_t seed,
                           std::optional<std::int64_t> job_ms)
    : world_(world), ledger_(ledger), seed_(seed), job_ms_(job_ms) {
  for (const auto& person : world_.people()) prospects_by_hash_[prospect_hash_of(person)] = &person;
}

std::string DomainSearch::prospect_hash_of(const sandbox::Person& person) const {
  return hex_id("prospect:" + std::to_string(person.id), seed_, 96);
}

std::string DomainSearch::new_task_hash(const std::string& what) { return hex_id(what + "#" + std::to_string(++started_), seed_, 32); }

std::vector<const sandbox::Person*> DomainSearch::prospects_of(const std::string& domain, const std::vector<std::string>& positions) const {
  std::vector<const sandbox::Person*> prospects;
  const auto* company = world_.company_by_domain(domain);
  if (!company || company->kind == sandbox::DomainKind::nonexistent) return prospects;
  for (const auto index : company->employees) {
    const auto& person = world_.people()[index];
    if (holds_position(person.title, positions)) prospects.push_back(&person);
  }
  return prospects;
}

std::vector<std::string> DomainSearch::emails_of(SearchKind kind, const std::string& domain) const {
  std::vector<std::string> emails;
  const auto* company = world_.company_by_domain(domain);
  if (!company || company->kind == sandbox::DomainKind::nonexistent) return emails;
  if (kind == SearchKind::generic_contacts) return company->generic_emails;
  for (const auto index : company->employees)
    if (world_.people()[index].findable) emails.push_back(world_.people()[index].email);
  return emails;
}

nlohmann::json DomainSearch::start(const std::string& account, SearchKind kind, const std::string& domain,
                                   const std::vector<std::string>& positions, int page, const std::string& cursor,
                                   const std::string& origin, std::int64_t now_ms) {
  const auto normalized = sandbox::normalize_domain(domain);
  Task task{.kind = kind, .account = account, .domain = normalized, .positions = positions, .page = std::max(page, 1)};
  const auto hash = new_task_hash(account + path_of(kind) + normalized);
  task.ready_ms = now_ms + job_duration_ms(hash, seed_, 2'000, 8'000, job_ms_);
  nlohmann::json meta{{"domain", domain}, {"task_hash", hash}};
  std::string unique_request;
  bool has_results = false;

  if (kind == SearchKind::company) {
    unique_request = "company|" + normalized;
    has_results = world_.company_by_domain(normalized) != nullptr && !prospects_of(normalized, {}).empty();
  } else if (kind == SearchKind::prospects) {
    meta["tab"] = "prospects";
    meta["page"] = task.page;
    meta["positions"] = positions;
    unique_request = "prospects|" + normalized + "|" + joined(positions) + "|" + std::to_string(task.page);
    has_results = prospects_of(normalized, positions).size() > (task.page - 1) * prospects_per_page;
  } else {
    meta["tab"] = kind == SearchKind::domain_emails ? "emails" : "service";
    meta["next"] = cursor;
    const auto known = offsets_by_cursor_.find(cursor);
    task.offset = cursor.empty() || known == offsets_by_cursor_.end() ? 0 : known->second;
    task.cursor = cursor;
    const auto emails = emails_of(kind, normalized);
    if (task.offset + emails_per_page < emails.size()) {
      task.next_cursor = hex_id(path_of(kind) + normalized + "@" + std::to_string(task.offset + emails_per_page), seed_, 112);
      offsets_by_cursor_[task.next_cursor] = task.offset + emails_per_page;
    }
    unique_request = path_of(kind) + "|" + normalized + "|" + std::to_string(task.offset);
    has_results = task.offset < emails.size();
  }
  if (has_results) ledger_.charge_once(account, "domain-search", unique_request, 1);
  tasks_[hash] = std::move(task);
  const auto prefix = kind == SearchKind::company ? "/v2/domain-search/result/" : "/v2/domain-search/" + path_of(kind) + "/result/";
  return {{"data", nlohmann::json::array()}, {"meta", meta}, {"links", {{"result", origin + prefix + hash}}}};
}

std::optional<nlohmann::json> DomainSearch::start_prospect_emails(const std::string& account, const std::string& prospect_hash,
                                                                  const std::string& origin, std::int64_t now_ms) {
  const auto found = prospects_by_hash_.find(prospect_hash);
  if (found == prospects_by_hash_.end()) return std::nullopt;
  const auto* person = found->second;
  const auto hash = new_task_hash(account + prospect_hash);
  tasks_[hash] = Task{.kind = SearchKind::prospect_emails, .account = account, .domain = person->domain, .prospect = person,
                      .ready_ms = now_ms + job_duration_ms(hash, seed_, 2'000, 8'000, job_ms_)};
  // "1 credit for every prospect profile with an email".
  if (person->findable && person->domain_kind != sandbox::DomainKind::nonexistent)
    ledger_.charge_once(account, "domain-search", "prospect-email|" + prospect_hash, 1);
  return nlohmann::json{{"data", nlohmann::json::array()},
                        {"meta", {{"task_hash", hash}}},
                        {"links", {{"result", origin + "/v2/domain-search/prospects/search-emails/result/" + hash}}}};
}

std::optional<nlohmann::json> DomainSearch::result(const std::string& account, SearchKind kind, const std::string& task_hash,
                                                   const std::string& origin, std::int64_t now_ms) const {
  const auto found = tasks_.find(task_hash);
  if (found == tasks_.end() || found->second.account != account || found->second.kind != kind) return std::nullopt;
  const auto& task = found->second;
  if (now_ms < task.ready_ms) {
    nlohmann::json meta{{"task_hash", task_hash}};
    if (kind != SearchKind::prospect_emails) meta["domain"] = task.domain;
    return nlohmann::json{{"data", nlohmann::json::array()}, {"meta", meta}, {"links", nlohmann::json::object()}, {"status", "in progress"}};
  }
  switch (kind) {
    case SearchKind::company: return company_result(task, task_hash, origin);
    case SearchKind::prospects: return prospects_result(task, task_hash, origin);
    case SearchKind::prospect_emails: return prospect_emails_result(task, task_hash, task.ready_ms);
    default: return emails_result(task, task_hash, origin);
  }
}

nlohmann::json DomainSearch::company_result(const Task& task, const std::string& hash, const std::string& origin) const {
  const auto* company = world_.company_by_domain(task.domain);
  if (!company || company->kind == sandbox::DomainKind::nonexistent)
    return {{"data", nlohmann::json::array()},
            {"meta", {{"domain", task.domain}, {"task_hash", hash}, {"prospects_count", 0}, {"emails_count", 0}, {"generic_contacts_count", 0}}},
            {"links", nlohmann::json::object()},
            {"status", "completed"}};
  const auto domain_query = "?domain=" + sandbox::percent_encode(task.domain);
  return {{"data",
           {{"company_name", company->name},
            {"city", city_of(*company)},
            {"founded", std::to_string(1980 + stable_hash(company->domain, seed_) % 40)},
            {"website", company->website},
            {"hq_phone", company->phone},
            {"industry", company->industry},
            {"size", company->nb_employees},
            {"related_domains", nlohmann::json::array()}}},
          {"meta",
           {{"domain", task.domain},
            {"task_hash", hash},
            {"prospects_count", prospects_of(task.domain, {}).size()},
            {"emails_count", emails_of(SearchKind::domain_emails, task.domain).size()},
            {"generic_contacts_count", emails_of(SearchKind::generic_contacts, task.domain).size()}}},
          {"links",
           {{"prospects", origin + "/v2/domain-search/prospects/start" + domain_query},
            {"domain_emails", origin + "/v2/domain-search/domain-emails/start" + domain_query},
            {"generic_contacts", origin + "/v2/domain-search/generic-contacts/start" + domain_query}}},
          {"status", "completed"}};
}

nlohmann::json DomainSearch::prospects_result(const Task& task, const std::string& hash, const std::string& origin) const {
  const auto prospects = prospects_of(task.domain, task.positions);
  nlohmann::json data = nlohmann::json::array();
  const auto first = (task.page - 1) * prospects_per_page;
  for (std::size_t i = first; i < prospects.size() && i < first + prospects_per_page; ++i) {
    const auto& person = *prospects[i];
    data.push_back({{"first_name", person.first_name},
                    {"last_name", person.last_name},
                    {"position", person.title},
                    {"source_page", person.linkedin_url},
                    {"search_emails_start", origin + "/v2/domain-search/prospects/search-emails/start/" + prospect_hash_of(person)}});
  }
  const bool more = first + prospects_per_page < prospects.size();
  return {{"data", data},
          {"meta",
           {{"domain", task.domain},
            {"tab", "prospects"},
            {"task_hash", hash},
            {"page", task.page},
            {"positions", task.positions},
            {"total_count", prospects.size()}}},
          {"links", {{"next", more ? prospects_page_url(origin, task.domain, task.positions, task.page + 1) : ""}}},
          {"status", "completed"}};
}

nlohmann::json DomainSearch::prospect_emails_result(const Task& task, const std::string& hash, std::int64_t searched_ms) const {
  nlohmann::json emails = nlohmann::json::array();
  const auto& person = *task.prospect;
  // "smtp_status: Can return valid, or unknown": a catch-all server cannot confirm the address.
  if (person.findable && person.domain_kind != sandbox::DomainKind::nonexistent)
    emails.push_back({{"email", person.email}, {"smtp_status", person.domain_kind == sandbox::DomainKind::catch_all ? "unknown" : "valid"}});
  return {{"data", {{"searching_date", date_time_text(searched_ms)}, {"emails", emails}}},
          {"meta", {{"task_hash", hash}}},
          {"links", nlohmann::json::array()},
          {"status", "completed"}};
}

nlohmann::json DomainSearch::emails_result(const Task& task, const std::string& hash, const std::string& origin) const {
  const auto emails = emails_of(task.kind, task.domain);
  nlohmann::json data = nlohmann::json::array();
  for (std::size_t i = task.offset; i < emails.size() && i < task.offset + emails_per_page; ++i) data.push_back({{"email", emails[i]}});
  const auto next_url = task.next_cursor.empty() ? std::string()
                                                 : origin + "/v2/domain-search/" + path_of(task.kind) + "/start?domain=" +
                                                       sandbox::percent_encode(task.domain) + "&next=" + task.next_cursor;
  return {{"data", data},
          {"meta",
           {{"domain", task.domain},
            {"tab", task.kind == SearchKind::domain_emails ? "emails" : "service"},
            {"task_hash", hash},
            {"next", task.next_cursor},
            {"total_count", emails.size()}}},
          {"links", {{"next", next_url}}},
          {"status", "completed"}};
}

}  // namespace leadflow::snov_sim
