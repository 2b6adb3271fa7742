// The search routes: POST /search/name (asynchronous, polled through GET /contacts/{id} or
// answered by webhook), POST /search/domain (paged, synchronous) and GET /contacts/.
#include "contact_query.hpp"
#include "voilanorbert_api.hpp"

#include <algorithm>

namespace leadflow::voilanorbert_sim {
namespace {

constexpr std::size_t domain_page_size = 5;  // VoilaNorbert does not document its page size
constexpr std::size_t contacts_page_size = 25;

// The company a search names, or the documented 400: "we check the domain for its validity ...
// we may return a HTTP status code of 400 for the domain if we can't locate it".
std::variant<const sandbox::Company*, Response> locate_company(const sandbox::FakeWorld& world, const std::string& domain,
                                                              const std::string& company_name) {
  const auto* company = domain.empty() ? world.company_by_name(company_name) : world.company_by_domain(domain);
  if (!company && domain.empty()) return form_error("company", "We could not find a company named \"" + company_name + "\".");
  if (!company || company->kind == sandbox::DomainKind::nonexistent)
    return form_error("domain", "We could not locate the domain \"" + (domain.empty() ? company->domain : domain) + "\".");
  return company;
}

// list_id, when given, must be a whole number; nullopt inside means "not given".
std::variant<std::optional<std::int64_t>, Response> optional_list_id(std::map<std::string, std::string>& form) {
  const auto text = trimmed(form["list_id"]);
  if (text.empty()) return std::optional<std::int64_t>();
  const auto id = whole_number(text);
  if (!id) return form_error("list_id", "A valid integer is required.");
  return id;
}

}  // namespace

Response VoilaNorbertApi::search_name(const Request& request, const std::string& account) {
  if (!request.has_form_body()) return form_error("non_field_errors", "Send the search as application/x-www-form-urlencoded.");
  auto form = request.form();
  const auto name = trimmed(form["name"]);
  const auto domain = trimmed(form["domain"]);
  const auto company_name = trimmed(form["company"]);
  const auto webhook = trimmed(form["webhook"]);
  nlohmann::json errors = nlohmann::json::object();
  if (name.empty()) errors["name"] = nlohmann::json::array({"This field is required."});
  if (domain.empty() && company_name.empty()) errors["domain"] = nlohmann::json::array({"This field is required."});
  auto list_id = optional_list_id(form);
  if (std::holds_alternative<Response>(list_id)) return std::get<Response>(list_id);
  if (!errors.empty()) return Response::json(400, errors);

  const auto located = locate_company(context_.world, domain, company_name);
  if (std::holds_alternative<Response>(located)) return std::get<Response>(located);
  const auto& company = *std::get<const sandbox::Company*>(located);
  if (credits_remaining(account) <= 0) return error_response(402, "No credits left");

  const auto now_ms = now();
  const auto searched = contacts_.search(account, name, company, context_.world.find_person(name, company.domain), now_ms,
                                         std::get<std::optional<std::int64_t>>(list_id));
  if (!webhook.empty()) {
    std::lock_guard lock(hooks_mutex_);
    search_hooks_.push_back({searched.contact.id, account, webhook, std::max(now_ms, searched.contact.search_done_ms)});
  }
  return answer_contact(searched.contact, now_ms);
}

Response VoilaNorbertApi::search_domain(const Request& request, const std::string& account) {
  if (!request.has_form_body()) return form_error("non_field_errors", "Send the search as application/x-www-form-urlencoded.");
  auto form = request.form();
  const auto domain = trimmed(form["domain"]);
  const auto company_name = trimmed(form["company"]);
  if (domain.empty() && company_name.empty()) return form_error("domain", "This field is required.");
  auto list_id = optional_list_id(form);
  if (std::holds_alternative<Response>(list_id)) return std::get<Response>(list_id);
  const auto page_text = trimmed(form["page"]);
  const auto page = page_text.empty() ? std::optional<std::int64_t>(1) : whole_number(page_text);
  if (!page || *page < 1) return form_error("page", "A valid integer is required.");

  const auto located = locate_company(context_.world, domain, company_name);
  if (std::holds_alternative<Response>(located)) return std::get<Response>(located);
  const auto& company = *std::get<const sandbox::Company*>(located);
  if (credits_remaining(account) <= 0) return error_response(402, "No credits left");

  const auto now_ms = now();
  const auto& employees = company.employees;
  const auto first = std::min(employees.size(), static_cast<std::size_t>(*page - 1) * domain_page_size);
  const auto last = std::min(employees.size(), first + domain_page_size);
  nlohmann::json result = nlohmann::json::array();
  for (auto i = first; i < last; ++i) {
    const auto& person = context_.world.people()[employees[i]];
    const auto searched = contacts_.search(account, person.full_name(), company, &person, now_ms,
                                           std::get<std::optional<std::int64_t>>(list_id), SearchSpeed::at_once);
    // One credit per contact whose email we return, never twice for the same contact.
    if (searched.contact.email_found(now_ms))
      context_.ledger.charge_once(account, charged_domain_search, std::to_string(searched.contact.id), 1);
    auto entry = contact_json(searched.contact, now_ms);
    entry["is_new"] = searched.is_new;
    result.push_back(std::move(entry));
  }
  return Response::json(200, {{"has_next", last < employees.size()},
                              {"result", std::move(result)},
                              {"credits_available", credits_remaining(account) > 0},
                              {"total", employees.size()}});
}

Response VoilaNorbertApi::get_contact(const Request& request, const std::string& account) {
  const auto id = whole_number(request.path_params.at("id"));
  const auto contact = id ? contacts_.find(account, *id) : std::nullopt;
  if (!contact) return error_response(404, "Contact not found");
  return answer_contact(*contact, now());
}

Response VoilaNorbertApi::list_contacts(const Request& request, const std::string& account) {
  auto parsed = ContactQuery::parse(request.query);
  if (std::holds_alternative<nlohmann::json>(parsed)) return Response::json(400, std::get<nlohmann::json>(parsed));
  const auto page_text = request.query.contains("page") ? request.query.at("page") : "1";
  const auto page = whole_number(page_text);
  if (!page || *page < 1) return form_error("page", "A valid integer is required.");

  const auto now_ms = now();
  const auto selected = std::get<ContactQuery>(parsed).select(contacts_.all(account), now_ms);
  const auto pages = std::max<std::size_t>(1, (selected.size() + contacts_page_size - 1) / contacts_page_size);
  const auto first = std::min(selected.size(), static_cast<std::size_t>(*page - 1) * contacts_page_size);
  const auto last = std::min(selected.size(), first + contacts_page_size);
  nlohmann::json result = nlohmann::json::array();
  for (auto i = first; i < last; ++i) result.push_back(contact_json(selected[i], now_ms));
  return Response::json(200, {{"has_next", last < selected.size()},
                              {"has_prev", *page > 1},
                              {"page", *page},
                              {"pages", pages},
                              {"result", std::move(result)},
                              {"total", selected.size()}});
}

// "We only deduct 1 credit each time we return a successful result from a search, i.e. when we
// find at least one email", once per contact: whichever answer first shows the email.
Response VoilaNorbertApi::answer_contact(const Contact& contact, std::int64_t now_ms) {
  if (contact.email_found(now_ms)) context_.ledger.charge_once(contact.account, charged_name_search, std::to_string(contact.id), 1);
  return Response::json(200, contact_json(contact, now_ms));
}

}  // namespace leadflow::voilanorbert_sim
