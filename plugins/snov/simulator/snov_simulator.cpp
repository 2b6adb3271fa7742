// Snov.io's routes over the sandbox kit; see snov_simulator.hpp. Every API route goes through the
// same gate: the account behind the Bearer token (or the access_token parameter of the v1
// samples), then the 60-per-minute limit, then the route, all under one lock.
#include "snov_simulator.hpp"

#include "campaigns.hpp"
#include "domain_search.hpp"
#include "email_finder.hpp"
#include "email_verifier.hpp"
#include "profiles.hpp"
#include "prospect_book.hpp"
#include "request_params.hpp"
#include "token_desk.hpp"
#include "webhooks.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <cstdio>
#include <memory>
#include <mutex>

namespace leadflow::snov_sim {
namespace {

using sandbox::Request;
using sandbox::Response;

constexpr const char* sandbox_account = "snov-sandbox";
constexpr std::size_t max_emails_per_verification = 10;

// One API call as a route sees it.
struct Call {
  const Request& request;
  RequestParams params;
  std::string account;
  std::int64_t now_ms;
  std::string origin;  // "http://127.0.0.1:PORT", for the links Snov puts in its answers
};

Response business_error(const std::string& message) { return Response::json(200, {{"success", false}, {"message", message}}); }

std::int64_t whole_number(const std::string& text, std::int64_t fallback = 0) {
  std::int64_t value = fallback;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

// "yyyy-mm-dd" -> Unix ms at midnight UTC; nullopt when empty or malformed.
std::optional<std::int64_t> day_ms(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::vector<std::int64_t> id_list(const std::string& text) {
  std::vector<std::int64_t> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (const auto id = whole_number(part, -1); id > 0) ids.push_back(id);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ids;
}

class Snov {
 public:
  Snov(sandbox::SimulatorContext& context, SimulatorSettings settings)
      : context_(context),
        tokens_(context.options.seed, settings.token_lifetime_s),
        caps_(settings.plan),
        finder_(context.world, context.options.seed, context.options.job_ms),
        verifier_(context.world, context.ledger, context.options.seed, context.options.job_ms),
        domain_search_(context.world, context.ledger, context.options.seed, context.options.job_ms),
        profiles_(context.world, context.ledger, context.options.seed, context.options.job_ms),
        campaigns_(context.options.seed, context.clock.virtual_now_ms()),
        book_(context.options.seed, context.clock.virtual_now_ms(), campaigns_) {}

  using Route = Response (Snov::*)(Call&);

  // The token, then the rate limit, then the route.
  Response gate(const Request& request, Route route) {
    std::lock_guard lock(mutex_);
    Call call{request, RequestParams::of(request), "", context_.clock.virtual_now_ms(), "http://" + request.header("host")};
    const auto account = tokens_.account_of(presented_token(call), call.now_ms);
    if (!refused_by_rate_limit(account.value_or("unauthenticated"))) {
      if (!account) {
        ++refused_tokens_;
        return Response::json(401, {{"success", false}, {"message", "Invalid or expired access token"}});
      }
      call.account = *account;
      return (this->*route)(call);
    }
    return too_many_requests();
  }

  // POST /v1/oauth/access_token: grant_type=client_credentials, client_id, client_secret.
  Response access_token(const Request& request) {
    std::lock_guard lock(mutex_);
    const auto params = RequestParams::of(request);
    if (refused_by_rate_limit(params.text("client_id"))) return too_many_requests();
    if (params.text("grant_type") != "client_credentials")
      return Response::json(400, {{"error", "unsupported_grant_type"}, {"error_description", "grant_type must be client_credentials"}});
    if (params.text("client_id") != client_id || params.text("client_secret") != client_secret)
      return Response::json(401, {{"error", "invalid_client"}, {"error_description", "Client authentication failed"}});
    const auto token = tokens_.issue(sandbox_account, context_.clock.virtual_now_ms());
    ++issued_tokens_;
    return Response::json(200, {{"access_token", token.access_token}, {"token_type", "Bearer"}, {"expires_in", token.expires_in_s}});
  }

  // GET /_sandbox/snov: what the simulator saw, for tests and the run summary.
  Response observed(const Request&) {
    std::lock_guard lock(mutex_);
    return Response::json(200, {{"tokens_issued", issued_tokens_}, {"expired_or_unknown_tokens_refused", refused_tokens_},
                                {"hourly_cap_refusals", cap_refusals_}});
  }

  void forget_everything() {
    std::lock_guard lock(mutex_);
    issued_tokens_ = refused_tokens_ = cap_refusals_ = 0;
    tokens_.clear(), caps_.clear(), finder_.clear(), verifier_.clear(), domain_search_.clear(), profiles_.clear();
    campaigns_.clear(), book_.clear(), webhooks_.clear();
  }

  // ---- Domain search (v2) ---------------------------------------------------------------

  Response start_search(Call& call, SearchKind kind) {
    const auto domain = call.params.text("domain");
    if (domain.empty()) return Response::json(422, {{"success", false}, {"errors", {{"domain", "The domain field is required"}}}});
    const auto positions = call.params.list("positions");
    if (positions.size() > max_positions)
      return Response::json(422, {{"success", false}, {"errors", {{"positions", "You can filter by up to 10 positions per request"}}}});
    if (balance(call.account) < 1) return business_error("You don't have enough credits to perform this action");
    return Response::json(200, domain_search_.start(call.account, kind, domain, positions,
                                                    static_cast<int>(whole_number(call.params.text("page"), 1)),
                                                    call.params.text("next"), call.origin, call.now_ms));
  }
  Response start_company(Call& call) { return start_search(call, SearchKind::company); }
  Response start_prospects(Call& call) { return start_search(call, SearchKind::prospects); }
  Response start_domain_emails(Call& call) { return start_search(call, SearchKind::domain_emails); }
  Response start_generic_contacts(Call& call) { return start_search(call, SearchKind::generic_contacts); }

  Response start_prospect_emails(Call& call) {
    if (balance(call.account) < 1) return business_error("You don't have enough credits to perform this action");
    const auto started = domain_search_.start_prospect_emails(call.account, call.request.path_params.at("prospect_hash"), call.origin, call.now_ms);
    if (!started) return Response::json(404, {{"success", false}, {"message", "Prospect not found"}});
    return Response::json(200, *started);
  }

  Response search_result(Call& call, SearchKind kind) {
    const auto result = domain_search_.result(call.account, kind, call.request.path_params.at("task_hash"), call.origin, call.now_ms);
    if (!result) return Response::json(404, {{"success", false}, {"message", "Task not found"}});
    return Response::json(200, *result);
  }
  Response company_result(Call& call) { return search_result(call, SearchKind::company); }
  Response prospects_result(Call& call) { return search_result(call, SearchKind::prospects); }
  Response prospect_emails_result(Call& call) { return search_result(call, SearchKind::prospect_emails); }
  Response domain_emails_result(Call& call) { return search_result(call, SearchKind::domain_emails); }
  Response generic_contacts_result(Call& call) { return search_result(call, SearchKind::generic_contacts); }

  // POST /v1/get-domain-emails-count: free.
  Response email_count(Call& call) {
    const auto domain = call.params.text("domain");
    if (domain.empty()) return business_error("The domain parameter is required");
    const bool webmail = context_.world.verdict_of("someone@" + domain).free;
    std::int64_t count = 0;
    if (const auto* company = context_.world.company_by_domain(domain); company && !webmail && company->kind != sandbox::DomainKind::nonexistent)
      for (const auto index : company->employees) count += context_.world.people()[index].findable ? 1 : 0;
    return Response::json(200, {{"success", true}, {"domain", domain}, {"webmail", webmail}, {"result", count}});
  }

  // ---- Email finder (v1) ----------------------------------------------------------------

  std::optional<NameQuery> name_query(const Call& call) const {
    NameQuery query{call.params.text("firstName"), call.params.text("lastName"), call.params.text("domain")};
    if (query.first_name.empty() || query.last_name.empty() || query.domain.empty()) return std::nullopt;
    return query;
  }

  Response emails_from_names(Call& call) {
    const auto query = name_query(call);
    if (!query) return business_error("firstName, lastName and domain are required");
    if (!caps_.take(call.account, Cap::finder, 1, call.now_ms)) return cap_refusal();
    return Response::json(200, finder_.lookup(call.account, *query, call.now_ms));
  }

  Response add_names(Call& call) {
    const auto query = name_query(call);
    if (!query) return business_error("firstName, lastName and domain are required");
    if (!caps_.take(call.account, Cap::finder, 1, call.now_ms)) return cap_refusal();
    if (balance(call.account) < 1) return business_error("You don't have enough credits to perform this action");
    context_.ledger.charge(call.account, "add-names-to-find-emails", query->first_name + " " + query->last_name + "@" + query->domain, 1);
    finder_.add(call.account, *query, call.now_ms);
    return Response::json(200, {{"success", true},
                                {"message", "Email search request has been added to the queue"},
                                {"params", {{"firstName", query->first_name}, {"lastName", query->last_name}, {"domain", query->domain}}},
                                {"sent", true}});
  }

  // ---- Email verifier (v1) --------------------------------------------------------------

  Response verification_status(Call& call) {
    const auto emails = call.params.list("emails");
    if (emails.empty()) return business_error("Send the emails to check as emails[]");
    if (!caps_.take(call.account, Cap::verifier, static_cast<std::int64_t>(emails.size()), call.now_ms))
      return cap_refusal();
    nlohmann::json body = nlohmann::json::object();
    for (const auto& email : emails) body[email] = verifier_.status_of(call.account, email, call.now_ms);
    return Response::json(200, body);
  }

  Response add_for_verification(Call& call) {
    const auto emails = call.params.list("emails");
    if (emails.empty()) return business_error("Send the emails to verify as emails[]");
    if (emails.size() > max_emails_per_verification) return business_error("Each request can contain up to 10 emails");
    if (!caps_.take(call.account, Cap::verifier, static_cast<std::int64_t>(emails.size()), call.now_ms))
      return cap_refusal();
    if (balance(call.account) < static_cast<std::int64_t>(emails.size())) return business_error("You don't have enough credits to perform this action");
    for (const auto& email : emails) verifier_.add(call.account, email, call.now_ms);
    return Response::json(200, {{"success", true}, {"message", "Emails have been added to the verification queue"}, {"sent", true}});
  }

  // ---- Profiles (v1) --------------------------------------------------------------------

  Response profile_by_email(Call& call) {
    if (call.params.text("email").empty()) return business_error("The email parameter is required");
    if (balance(call.account) < 1) return business_error("You don't have enough credits to perform this action");
    return Response::json(200, profiles_.profile_by_email(call.account, call.params.text("email")));
  }
  Response add_url(Call& call) {
    if (balance(call.account) < 1) return business_error("You don't have enough credits to perform this action");
    return Response::json(200, profiles_.add_url(call.account, call.params.text("url"), call.now_ms));
  }
  Response emails_from_url(Call& call) { return Response::json(200, profiles_.emails_from_url(call.account, call.params.text("url"), call.now_ms)); }

  // ---- Campaigns ------------------------------------------------------------------------

  Response campaign_analytics(Call& call) {
    return Response::json(200, campaigns_.analytics(id_list(call.params.text("campaign_id")), day_ms(call.params.text("date_from")),
                                                    day_ms(call.params.text("date_to")), call.now_ms));
  }
  Response campaign_progress(Call& call) {
    const auto progress = campaigns_.progress(whole_number(call.request.path_params.at("campaign_id"), -1), call.now_ms);
    if (!progress) return Response::json(404, {{"success", false}, {"message", "Campaign not found"}});
    return Response::json(200, *progress);
  }
  Response change_recipient_status(Call& call) {
    if (call.params.text("email").empty() || call.params.text("campaign_id").empty() || call.params.text("status").empty())
      return business_error("email, campaign_id and status are required");
    return Response::json(200, campaigns_.change_status(call.params.text("email"), whole_number(call.params.text("campaign_id"), -1),
                                                        call.params.text("status"), call.now_ms));
  }
  std::int64_t campaign_id_of(const Call& call) const { return whole_number(call.params.text("campaignId"), -1); }
  std::size_t offset_of(const Call& call) const { return static_cast<std::size_t>(std::max<std::int64_t>(0, whole_number(call.params.text("offset")))); }
  Response prospects_finished(Call& call) { return Response::json(200, campaigns_.finished(campaign_id_of(call), call.now_ms)); }
  Response replies(Call& call) { return Response::json(200, campaigns_.replies(campaign_id_of(call), offset_of(call), call.now_ms)); }
  Response opens(Call& call) { return Response::json(200, campaigns_.opens(campaign_id_of(call), offset_of(call), call.now_ms)); }
  Response clicks(Call& call) { return Response::json(200, campaigns_.clicks(campaign_id_of(call), offset_of(call), call.now_ms)); }
  Response sent(Call& call) { return Response::json(200, campaigns_.sent(campaign_id_of(call), offset_of(call), call.now_ms)); }
  Response user_campaigns(Call&) { return Response::json(200, campaigns_.all()); }

  // ---- Lists and prospects --------------------------------------------------------------

  Response do_not_email(Call& call) {
    return Response::json(200, book_.do_not_email(whole_number(call.params.text("listId"), -1), call.params.list("items")));
  }
  Response add_prospect(Call& call) { return Response::json(200, book_.add_prospect(call.params, call.now_ms)); }
  Response prospect_by_id(Call& call) { return Response::json(200, book_.prospect_by_id(call.params.text("id"), call.now_ms)); }
  Response prospects_by_email(Call& call) { return Response::json(200, book_.prospects_by_email(call.params.text("email"), call.now_ms)); }
  Response custom_fields(Call&) { return Response::json(200, book_.custom_fields()); }
  Response user_lists(Call&) { return Response::json(200, book_.user_lists()); }
  Response list_prospects(Call& call) {
    return Response::json(200, book_.list_prospects(whole_number(call.params.text("listId"), -1), whole_number(call.params.text("page"), 1),
                                                    whole_number(call.params.text("perPage"), 100)));
  }
  Response create_list(Call& call) { return Response::json(200, book_.create_list(call.params.text("name"), call.now_ms)); }

  Response balance_route(Call& call) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", static_cast<double>(balance(call.account)));
    return Response::json(200, {{"success", true},
                                {"data", {{"balance", text}, {"teamwork", false}, {"unique_recipients_used", book_.unique_recipients()},
                                          {"limit_resets_in", 29}, {"expires_in", 359}}}});
  }

  // ---- Webhooks (v2, JSON) --------------------------------------------------------------

  Response list_webhooks(Call&) { return Response::json(200, webhooks_.list()); }
  Response add_webhook(Call& call) {
    auto [status, body] = webhooks_.add(call.request.json().value_or(nlohmann::json::object()), call.now_ms / 1000);
    return Response::json(status, body);
  }
  Response change_webhook(Call& call) {
    auto [status, body] = webhooks_.change_status(whole_number(call.request.path_params.at("id"), -1),
                                                  call.request.json().value_or(nlohmann::json::object()));
    return Response::json(status, body);
  }
  Response delete_webhook(Call& call) {
    auto [status, body] = webhooks_.remove(whole_number(call.request.path_params.at("id"), -1));
    return Response::json(status, body);
  }

 private:
  static std::string presented_token(const Call& call) {
    const auto authorization = call.request.header("authorization");
    if (authorization.starts_with("Bearer ")) return authorization.substr(7);
    return call.params.text("access_token");
  }

  bool refused_by_rate_limit(const std::string& account) { return !context_.rate_limits.check(account, "default").allowed; }

  Response cap_refusal() {
    ++cap_refusals_;
    return business_error(std::string(too_many_prospects));
  }

  static Response too_many_requests() {
    return Response::json(429, {{"success", false}, {"message", "Too many requests: the API is limited to 60 requests per minute"}});
  }

  std::int64_t balance(const std::string& account) const {
    return std::max<std::int64_t>(0, context_.starting_credits() - context_.ledger.total_for(account));
  }

  std::mutex mutex_;
  sandbox::SimulatorContext& context_;
  TokenDesk tokens_;
  HourlyCaps caps_;
  EmailFinder finder_;
  EmailVerifier verifier_;
  DomainSearch domain_search_;
  Profiles profiles_;
  Campaigns campaigns_;
  ProspectBook book_;
  Webhooks webhooks_;
  std::int64_t issued_tokens_ = 0;
  std::int64_t refused_tokens_ = 0;
  std::int64_t cap_refusals_ = 0;
};

void install(sandbox::Server& server, sandbox::SimulatorContext& context, SimulatorSettings settings) {
  context.base_path = "";
  context.announced_config = {{"client_id", std::string(client_id)}, {"client_secret", std::string(client_secret)}};
  // "The API rate is limited to 60 requests per minute."
  context.rate_limits.define("default", {sandbox::RateWindow::per_minute(60)});

  auto snov = std::make_shared<Snov>(context, settings);
  context.on_reset([snov] { snov->forget_everything(); });
  context.observed_paths.push_back(std::string(observed_path));
  server.route("GET", std::string(observed_path), [snov](const Request& request) { return snov->observed(request); });
  server.route("POST", "/v1/oauth/access_token", [snov](const Request& request) { return snov->access_token(request); });
  auto add = [&](const char* method, const char* path, Snov::Route route) {
    server.route(method, path, [snov, route](const Request& request) { return snov->gate(request, route); });
  };
  add("POST", "/v2/domain-search/start", &Snov::start_company);
  add("GET", "/v2/domain-search/result/{task_hash}", &Snov::company_result);
  add("POST", "/v2/domain-search/prospects/start", &Snov::start_prospects);
  add("GET", "/v2/domain-search/prospects/result/{task_hash}", &Snov::prospects_result);
  add("POST", "/v2/domain-search/prospects/search-emails/start/{prospect_hash}", &Snov::start_prospect_emails);
  add("GET", "/v2/domain-search/prospects/search-emails/result/{task_hash}", &Snov::prospect_emails_result);
  add("POST", "/v2/domain-search/domain-emails/start", &Snov::start_domain_emails);
  add("GET", "/v2/domain-search/domain-emails/result/{task_hash}", &Snov::domain_emails_result);
  add("POST", "/v2/domain-search/generic-contacts/start", &Snov::start_generic_contacts);
  add("GET", "/v2/domain-search/generic-contacts/result/{task_hash}", &Snov::generic_contacts_result);
  add("POST", "/v1/get-domain-emails-count", &Snov::email_count);
  add("POST", "/v1/get-emails-from-names", &Snov::emails_from_names);
  add("POST", "/v1/add-names-to-find-emails", &Snov::add_names);
  add("POST", "/v1/get-emails-verification-status", &Snov::verification_status);
  add("POST", "/v1/add-emails-to-verification", &Snov::add_for_verification);
  add("POST", "/v1/get-profile-by-email", &Snov::profile_by_email);
  add("POST", "/v1/add-url-for-search", &Snov::add_url);
  add("POST", "/v1/get-emails-from-url", &Snov::emails_from_url);
  add("GET", "/v2/statistics/campaign-analytics", &Snov::campaign_analytics);
  add("GET", "/v2/campaigns/{campaign_id}/progress", &Snov::campaign_progress);
  add("POST", "/v1/change-recipient-status", &Snov::change_recipient_status);
  add("GET", "/v1/prospect-finished", &Snov::prospects_finished);
  add("GET", "/v1/get-emails-replies", &Snov::replies);
  add("GET", "/v1/get-emails-opened", &Snov::opens);
  add("GET", "/v1/get-emails-clicked", &Snov::clicks);
  add("GET", "/v1/emails-sent", &Snov::sent);
  add("GET", "/v1/get-user-campaigns", &Snov::user_campaigns);
  add("POST", "/v1/do-not-email-list", &Snov::do_not_email);
  add("POST", "/v1/add-prospect-to-list", &Snov::add_prospect);
  add("POST", "/v1/get-prospect-by-id", &Snov::prospect_by_id);
  add("POST", "/v1/get-prospects-by-email", &Snov::prospects_by_email);
  add("GET", "/v1/prospect-custom-fields", &Snov::custom_fields);
  add("GET", "/v1/get-user-lists", &Snov::user_lists);
  add("POST", "/v1/prospect-list", &Snov::list_prospects);
  add("POST", "/v1/lists", &Snov::create_list);
  add("GET", "/v1/get-balance", &Snov::balance_route);
  add("GET", "/v2/webhooks", &Snov::list_webhooks);
  add("POST", "/v2/webhooks", &Snov::add_webhook);
  add("PUT", "/v2/webhooks/{id}", &Snov::change_webhook);
  add("DELETE", "/v2/webhooks/{id}", &Snov::delete_webhook);
}

}  // namespace

// LEADFLOW_SANDBOX_SNOV_TOKEN_S: a shorter token life for sandbox runs that want to see tokens
// expire mid-run (Snov's is an hour). Throws std::invalid_argument naming the variable.
SimulatorSettings settings_from_environment() {
  SimulatorSettings settings;
  const char* value = std::getenv("LEADFLOW_SANDBOX_SNOV_TOKEN_S");
  if (!value || !*value) return settings;
  const std::string text(value);
  const auto seconds = whole_number(text, -1);
  if (seconds <= 0) throw std::invalid_argument("LEADFLOW_SANDBOX_SNOV_TOKEN_S=" + text + " is not a positive whole number of seconds.");
  settings.token_lifetime_s = seconds;
  return settings;
}

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) { install(server, context, settings_from_environment()); }

sandbox::RouteInstaller routes_with(SimulatorSettings settings) {
  return [settings](sandbox::Server& server, sandbox::SimulatorContext& context) { install(server, context, settings); };
}

}  // namespace leadflow::snov_sim
