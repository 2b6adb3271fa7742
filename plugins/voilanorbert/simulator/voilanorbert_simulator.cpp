// VoilaNorbert's routes over the sandbox kit; see voilanorbert_simulator.hpp. Every route goes
// through the same gate: rate limit (a refused request changes nothing), then Basic auth, and
// the answer always carries X-RateLimit-* headers.
#include "voilanorbert_simulator.hpp"

#include "contact_book.hpp"
#include "contact_json.hpp"

#include <algorithm>
#include <charconv>
#include <memory>

namespace leadflow::voilanorbert_sim {
namespace {

using sandbox::Request;
using sandbox::Response;

// Everyone who presents the sandbox key is this one account.
constexpr const char* sandbox_account = "voilanorbert-sandbox";
constexpr const char* unauthenticated = "unauthenticated";

Response error(int status, const std::string& message) { return Response::json(status, {{"code", status}, {"error", message}}); }

Response form_error(const std::string& field, const std::string& message) {
  return Response::json(400, {{field, nlohmann::json::array({message})}});
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The documented 429 message names the limit: "(120 requests per minutes)".
std::string too_many_requests_message(const sandbox::RateDecision& decision) {
  const auto period = decision.window_ms >= 86'400'000 ? "day" : decision.window_ms >= 3'600'000 ? "hour" : "minutes";
  return "Too many requests in the allowed time frame (" + std::to_string(decision.limit) + " requests per " + period + ")";
}

class VoilaNorbert {
 public:
  explicit VoilaNorbert(sandbox::SimulatorContext& context)
      : context_(context), contacts_(context.options.seed, context.options.job_ms) {}

  using Route = Response (VoilaNorbert::*)(const Request&, const std::string& account);

  // Rate limit, then authentication, then the route; X-RateLimit-* on every answer.
  Response gate(const Request& request, const std::string& rate_class, Route route) {
    const auto credentials = request.basic_auth();
    const bool authenticated = credentials && credentials->password == api_key;
    const auto account = authenticated ? sandbox_account : unauthenticated;
    const auto decision = context_.rate_limits.check(account, rate_class);
    Response response = !decision.allowed ? error(429, too_many_requests_message(decision))
                         : !authenticated ? error(401, "Account not found")
                                          : (this->*route)(request, account);
    decision.add_headers(response);
    return response;
  }

  Response search_name(const Request& request, const std::string& account) {
    if (!request.has_form_body())
      return form_error("non_field_errors", "Send the search as application/x-www-form-urlencoded.");
    auto form = request.form();
    const auto name = trimmed(form["name"]);
    const auto domain = trimmed(form["domain"]);
    const auto company_name = trimmed(form["company"]);
    nlohmann::json errors = nlohmann::json::object();
    if (name.empty()) errors["name"] = nlohmann::json::array({"This field is required."});
    if (domain.empty() && company_name.empty()) errors["domain"] = nlohmann::json::array({"This field is required."});
    std::optional<std::int64_t> list_id;
    if (!trimmed(form["list_id"]).empty() && !(list_id = whole_number(trimmed(form["list_id"]))))
      errors["list_id"] = nlohmann::json::array({"A valid integer is required."});
    if (!errors.empty()) return Response::json(400, errors);

    // "We check the domain for its validity ... we may return a HTTP status code of 400 for the
    // domain if we can't locate it."
    const auto* company = domain.empty() ? context_.world.company_by_name(company_name) : context_.world.company_by_domain(domain);
    if (!company && domain.empty()) return form_error("company", "We could not find a company named \"" + company_name + "\".");
    if (!company || company->kind == sandbox::DomainKind::nonexistent)
      return form_error("domain", "We could not locate the domain \"" + (domain.empty() ? company->domain : domain) + "\".");
    if (credits_remaining(account) <= 0) return error(402, "No credits left");

    const auto now = context_.clock.virtual_now_ms();
    const auto contact = contacts_.search(account, name, *company, context_.world.find_person(name, company->domain), now, list_id);
    return answer_contact(contact, now);
  }

  Response get_contact(const Request& request, const std::string& account) {
    const auto id = whole_number(request.path_params.at("id"));
    const auto contact = id ? contacts_.find(account, *id) : std::nullopt;
    if (!contact) return error(404, "Contact not found");
    return answer_contact(*contact, context_.clock.virtual_now_ms());
  }

  Response get_account(const Request&, const std::string& account) {
    return Response::json(200, account_json(std::string(api_key), credits_remaining(account), context_.starting_credits()));
  }

  Response get_organization(const Request&, const std::string& account) {
    return Response::json(200, organization_json(credits_remaining(account), context_.starting_credits()));
  }

  Response get_credits(const Request&, const std::string& account) {
    return Response::json(200, credits_json(credits_remaining(account), context_.starting_credits()));
  }

  void forget_contacts() { contacts_.clear(); }

 private:
  // "We only deduct 1 credit each time we return a successful result from a search, i.e. when we
  // find at least one email", once per contact: whichever request first sees the search done.
  Response answer_contact(const Contact& contact, std::int64_t now_ms) {
    if (contact.email_found(now_ms)) context_.ledger.charge_once(contact.account, "search/name", std::to_string(contact.id), 1);
    return Response::json(200, contact_json(contact, now_ms));
  }

  std::int64_t credits_remaining(const std::string& account) const {
    return std::max<std::int64_t>(0, context_.starting_credits() - context_.ledger.total_for(account));
  }

  sandbox::SimulatorContext& context_;
  ContactBook contacts_;
};

}  // namespace

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) {
  context.base_path = std::string(api_root);
  context.announced_config = {{"api_key", std::string(api_key)}};
  // "By default, we limit the number of requests to 120 requests per minutes"; the search
  // endpoint: "300 requests per minutes, and up to 100,000 requests per day max".
  context.rate_limits.define("default", {sandbox::RateWindow::per_minute(120)});
  context.rate_limits.define("search_name", {sandbox::RateWindow::per_minute(300), sandbox::RateWindow::per_day(100'000)});

  auto simulator = std::make_shared<VoilaNorbert>(context);
  context.on_reset([simulator] { simulator->forget_contacts(); });
  auto add = [&](const char* method, const std::string& path, const char* rate_class, VoilaNorbert::Route route) {
    server.route(method, std::string(api_root) + path,
                 [simulator, rate_class, route](const Request& request) { return simulator->gate(request, rate_class, route); });
  };
  add("POST", "/search/name", "search_name", &VoilaNorbert::search_name);
  add("GET", "/contacts/{id}", "default", &VoilaNorbert::get_contact);
  add("GET", "/account/", "default", &VoilaNorbert::get_account);
  add("GET", "/organization/", "default", &VoilaNorbert::get_organization);
  add("GET", "/organization/credits/", "default", &VoilaNorbert::get_credits);
}

}  // namespace leadflow::voilanorbert_sim
