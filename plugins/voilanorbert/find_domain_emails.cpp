// find_domain_emails over VoilaNorbert's domain search: synchronous pages of contact objects
// (plus `is_new`), `has_next` saying whether another page follows. Each contact found is one
// person; a contact VoilaNorbert already had (`is_new: false`) was paid for before, so only new
// contacts with an email count as credits spent.
#include "find_domain_emails.hpp"

#include "responses.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leadflow::voilanorbert {
namespace {

// VoilaNorbert does not document its page size (the simulator uses 5); a page may cost that much.
constexpr double expected_page_cost = 10;
// A bound on the loop, whatever the provider says about has_next.
constexpr int max_pages = 1000;

struct DomainQuery {
  std::string domain;
  std::string company;
  std::optional<std::int64_t> list_id;
  std::optional<std::size_t> limit;
};

std::string trimmed_text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key)) return "";
  const auto& value = input[key];
  const auto text = value.is_string() ? value.get<std::string>() : value.is_number() ? value.dump() : "";
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<std::int64_t> positive_number(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 12) return std::nullopt;
  const auto value = std::stoll(text);
  if (value <= 0) return std::nullopt;
  return value;
}

// The domain, from `domain` or `website` ("https://www.acme.com/about" -> "acme.com").
std::string domain_of(const nlohmann::json& input) {
  auto domain = trimmed_text(input, "domain");
  if (domain.empty()) domain = trimmed_text(input, "website");
  if (const auto scheme = domain.find("://"); scheme != std::string::npos) domain.erase(0, scheme + 3);
  if (const auto path = domain.find('/'); path != std::string::npos) domain.erase(path);
  if (domain.starts_with("www.")) domain.erase(0, 4);
  return domain;
}

std::variant<DomainQuery, std::string> query_from(const nlohmann::json& input) {
  DomainQuery query{domain_of(input), trimmed_text(input, "company"), std::nullopt, std::nullopt};
  if (query.domain.empty() && query.company.empty())
    return std::string("find_domain_emails needs a domain (or website) or a company to search VoilaNorbert.");
  if (const auto text = trimmed_text(input, "limit"); !text.empty()) {
    const auto limit = positive_number(text);
    if (!limit) return "find_domain_emails: limit must be a positive whole number, got '" + text + "'.";
    query.limit = static_cast<std::size_t>(*limit);
  }
  if (const auto text = trimmed_text(input, "list_id"); !text.empty()) {
    query.list_id = positive_number(text);
    if (!query.list_id) return "find_domain_emails: list_id must be a VoilaNorbert list id (a whole number), got '" + text + "'.";
  }
  return query;
}

sdk::HttpRequest page_request(const Settings& settings, const DomainQuery& query, int page) {
  std::vector<std::pair<std::string, std::string>> form;
  if (!query.domain.empty()) form.emplace_back("domain", query.domain);
  else form.emplace_back("company", query.company);
  if (query.list_id) form.emplace_back("list_id", std::to_string(*query.list_id));
  form.emplace_back("page", std::to_string(page));
  // Safe to resend: a contact found again is not charged again.
  return settings.request("POST", "/search/domain", form, "search_domain", true, expected_page_cost);
}

struct Page {
  bool has_next = false;
  std::int64_t total = 0;
  nlohmann::json result;
  nlohmann::json raw;
};

std::optional<Page> parse_page(const sdk::HttpResponse& response) {
  auto body = json_object(response);
  if (!body || !body->contains("result") || !(*body)["result"].is_array()) return std::nullopt;
  for (const auto& contact : (*body)["result"]) {
    if (!contact.is_object() || !contact.contains("id") || !contact["id"].is_number_integer()) return std::nullopt;
    const auto email = contact.value("email", nlohmann::json());
    if (!email.is_null() && !(email.is_object() && email.contains("email") && email["email"].is_string())) return std::nullopt;
  }
  Page page;
  page.has_next = body->value("has_next", false);
  page.total = body->value("total", nlohmann::json(0)).is_number_integer() ? (*body)["total"].get<std::int64_t>() : 0;
  page.result = (*body)["result"];
  page.raw = std::move(*body);
  return page;
}

// One person of the vocabulary from a contact with an email.
nlohmann::json person_of(const nlohmann::json& contact) {
  const auto& email = contact["email"];
  nlohmann::json person{{"email", email["email"]}, {"type", "personal"}, {"contact_id", contact["id"]}};
  if (contact.contains("name") && contact["name"].is_string() && !contact["name"].get<std::string>().empty())
    person["full_name"] = contact["name"];
  if (email.contains("score") && email["score"].is_number()) person["confidence"] = confidence_from_score(email["score"].get<double>());
  return person;
}

// The company of the first contact that names one: {name, domain}.
nlohmann::json company_of(const nlohmann::json& contacts) {
  for (const auto& contact : contacts) {
    const auto company = contact.value("company", nlohmann::json());
    if (!company.is_object()) continue;
    nlohmann::json out = nlohmann::json::object();
    if (company.contains("name") && company["name"].is_string()) out["name"] = company["name"];
    if (company.contains("raw_url") && company["raw_url"].is_string()) out["domain"] = company["raw_url"];
    if (!out.empty()) return out;
  }
  return nullptr;
}

struct Collected {
  nlohmann::json people = nlohmann::json::array();
  nlohmann::json contacts = nlohmann::json::array();
  nlohmann::json pages = nlohmann::json::array();
  std::int64_t total = 0;
  double credits = 0;
};

// Adds a page's people; true when the limit is reached.
bool collect(Collected& collected, Page page, const DomainQuery& query) {
  collected.total = page.total;
  for (const auto& contact : page.result) {
    collected.contacts.push_back(contact);
    if (!contact["email"].is_object()) continue;
    // The docs: one credit per contact found with an email, never twice for the same contact.
    if (contact.value("is_new", false)) collected.credits += 1;
    if (query.limit && collected.people.size() >= *query.limit) continue;
    collected.people.push_back(person_of(contact));
  }
  collected.pages.push_back(std::move(page.raw));
  return query.limit && collected.people.size() >= *query.limit;
}

sdk::Outcome result_of(Collected collected) {
  nlohmann::json output{{"status", collected.people.empty() ? "not_found" : "found"},
                        {"people", std::move(collected.people)},
                        {"total", collected.total},
                        {"raw", std::move(collected.pages)}};
  if (auto company = company_of(collected.contacts); !company.is_null()) output["company"] = std::move(company);
  return sdk::done(std::move(output), collected.credits);
}

// A page that fails after others were read still reports what those pages cost.
sdk::Outcome spent_before(sdk::Outcome failure, const Collected& collected) {
  failure.credits_spent = collected.credits;
  return failure;
}

sdk::Outcome too_many_pages() {
  return sdk::fail(sdk::ErrorCode::bad_response,
                   "VoilaNorbert's domain search still had a next page after " + std::to_string(max_pages) +
                       " pages; set a limit.",
                   false, 200);
}

}  // namespace

sdk::Task find_domain_emails(sdk::Operation& op, const Settings& settings) {
  const auto parsed = query_from(op.input());
  if (std::holds_alternative<std::string>(parsed)) co_return sdk::fail(sdk::ErrorCode::invalid_input, std::get<std::string>(parsed));
  const auto& query = std::get<DomainQuery>(parsed);

  Collected collected;
  for (int page = 1; page <= max_pages; ++page) {
    const auto response = co_await op.http(page_request(settings, query, page));
    if (auto failure = failure_for(response, Endpoint::search_domain)) co_return spent_before(*failure, collected);
    auto parsed_page = parse_page(response);
    if (!parsed_page) co_return spent_before(unreadable(response, Endpoint::search_domain), collected);
    const bool has_next = parsed_page->has_next;
    if (collect(collected, std::move(*parsed_page), query) || !has_next) co_return result_of(std::move(collected));
  }
  co_return spent_before(too_many_pages(), collected);
}

}  // namespace leadflow::voilanorbert
