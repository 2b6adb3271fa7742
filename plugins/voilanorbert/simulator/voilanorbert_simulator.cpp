// VoilaNorbert's routes over the sandbox kit; see voilanorbert_simulator.hpp. Every route goes
// through the same gate: rate limit (a refused request changes nothing), then Basic auth, and
// the answer always carries X-RateLimit-* headers. This file holds the gate, the account routes,
// the balances and the route table; the other routes live in *_routes.cpp.
#include "voilanorbert_simulator.hpp"

#include "voilanorbert_api.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>

namespace leadflow::voilanorbert_sim {
namespace {

// Everyone who presents the sandbox key is this one account.
constexpr const char* sandbox_account = "voilanorbert-sandbox";
constexpr const char* unauthenticated = "unauthenticated";

// The documented 429 message names the limit: "(120 requests per minutes)".
std::string too_many_requests_message(const sandbox::RateDecision& decision) {
  const auto period = decision.window_ms >= 86'400'000 ? "day" : decision.window_ms >= 3'600'000 ? "hour" : "minutes";
  return "Too many requests in the allowed time frame (" + std::to_string(decision.limit) + " requests per " + period + ")";
}

}  // namespace

Response error_response(int status, const std::string& message) {
  return Response::json(status, {{"code", status}, {"error", message}});
}

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

bool truthy(const std::string& text) { return text == "1" || text == "true" || text == "True" || text == "on"; }

VoilaNorbertApi::VoilaNorbertApi(sandbox::SimulatorContext& context)
    : context_(context),
      contacts_(context.options.seed, context.options.job_ms),
      outbox_(context.clock, [this](std::int64_t now_ms) { settle(now_ms); }) {}

Response VoilaNorbertApi::gate(const Request& request, const std::string& rate_class, Route route) {
  const auto credentials = request.basic_auth();
  const bool authenticated = credentials && credentials->password == api_key;
  const auto account = authenticated ? sandbox_account : unauthenticated;
  const auto decision = context_.rate_limits.check(account, rate_class);
  if (decision.allowed && authenticated) settle(now());
  Response response = !decision.allowed ? error_response(429, too_many_requests_message(decision))
                      : !authenticated  ? error_response(401, "Account not found")
                                        : (this->*route)(request, account);
  decision.add_headers(response);
  return response;
}

Response VoilaNorbertApi::get_account(const Request&, const std::string& account) {
  return Response::json(200, account_json(std::string(api_key), balances(account)));
}

Response VoilaNorbertApi::get_organization(const Request&, const std::string& account) {
  return Response::json(200, organization_json(credits_remaining(account), context_.starting_credits()));
}

Response VoilaNorbertApi::get_credits(const Request&, const std::string& account) {
  return Response::json(200, credits_json(credits_remaining(account), context_.starting_credits()));
}

// Search credits, the verify balance and the enrich balance each start at --credits (the sandbox
// counts the balances in entries, one per email) and shrink by what the ledger charged.
Balances VoilaNorbertApi::balances(const std::string& account) const {
  Balances balances;
  std::int64_t searches = 0;
  for (const auto& entry : context_.ledger.entries()) {
    if (entry.account != account) continue;
    if (entry.operation == charged_verification) balances.verify_processed += entry.credits;
    else if (entry.operation == charged_enrichment) balances.enrich_processed += entry.credits;
    else searches += entry.credits;
  }
  const auto start = context_.starting_credits();
  balances.credits_total = start;
  balances.credits_remaining = std::max<std::int64_t>(0, start - searches);
  balances.verify_remaining = std::max<std::int64_t>(0, start - balances.verify_processed);
  balances.enrich_remaining = std::max<std::int64_t>(0, start - balances.enrich_processed);
  return balances;
}

std::string VoilaNorbertApi::new_token() {
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(context_.random()),
                static_cast<unsigned long long>(context_.random()));
  return text;
}

void VoilaNorbertApi::settle(std::int64_t now_ms) {
  for (const auto& massive : massives_.take_newly_ended(now_ms)) settle_massive(massive);
  for (const auto& job : uploads_.take_newly_ended(now_ms)) {
    if (job.webhook.empty()) continue;
    const bool verify = job.kind == UploadKind::verify;
    nlohmann::json results = nlohmann::json::array();
    for (auto& row : job_rows(job)) results.push_back(std::move(row));
    outbox_.schedule(std::string(verify ? "verifier " : "enrich ") + job.token, job.webhook,
                     {{"id", job.id}, {"token", job.token}, {"results", std::move(results)}}, job.timeline.end_ms());
  }
  std::vector<PendingSearchHook> due;
  {
    std::lock_guard lock(hooks_mutex_);
    std::erase_if(search_hooks_, [&](const PendingSearchHook& hook) {
      if (hook.due_ms > now_ms) return false;
      due.push_back(hook);
      return true;
    });
  }
  for (const auto& hook : due) {
    const auto contact = contacts_.find(hook.account, hook.contact_id);
    if (!contact) continue;
    // The webhook returns the result, so it is charged like an answer that shows the email.
    if (contact->email_found(hook.due_ms))
      context_.ledger.charge_once(contact->account, charged_name_search, std::to_string(contact->id), 1);
    outbox_.schedule("search/name " + std::to_string(contact->id), hook.url, contact_json(*contact, hook.due_ms), hook.due_ms);
  }
}

void VoilaNorbertApi::forget_everything() {
  contacts_.clear();
  lists_.clear();
  massives_.clear();
  uploads_.clear();
  {
    std::lock_guard lock(hooks_mutex_);
    search_hooks_.clear();
  }
  outbox_.clear();
}

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) {
  context.base_path = std::string(api_root);
  context.announced_config = {{"api_key", std::string(api_key)}, {"webhook_url", std::string(sandbox_webhook_url)}};
  context.observed_paths.push_back("/_sandbox/webhooks");
  // "By default, we limit the number of requests to 120 requests per minutes"; the name search:
  // "300 requests per minutes, and up to 100,000 requests per day max"; the domain search: "60
  // requests per minutes, and up to 50,000 requests per day max"; submitting a bulk search: "5
  // requests per minutes, and up to 1,000 requests per day max".
  context.rate_limits.define("default", {sandbox::RateWindow::per_minute(120)});
  context.rate_limits.define("search_name", {sandbox::RateWindow::per_minute(300), sandbox::RateWindow::per_day(100'000)});
  context.rate_limits.define("search_domain", {sandbox::RateWindow::per_minute(60), sandbox::RateWindow::per_day(50'000)});
  context.rate_limits.define("massives", {sandbox::RateWindow::per_minute(5), sandbox::RateWindow::per_day(1'000)});

  auto api = std::make_shared<VoilaNorbertApi>(context);
  context.on_reset([api] { api->forget_everything(); });
  server.route("GET", "/_sandbox/webhooks", [api](const Request&) { return Response::json(200, api->webhooks()); });
  auto add = [&](const char* method, const std::string& path, const char* rate_class, VoilaNorbertApi::Route route) {
    server.route(method, std::string(api_root) + path,
                 [api, rate_class, route](const Request& request) { return api->gate(request, rate_class, route); });
  };
  using Api = VoilaNorbertApi;
  add("POST", "/search/name", "search_name", &Api::search_name);
  add("POST", "/search/domain", "search_domain", &Api::search_domain);
  add("GET", "/contacts/", "default", &Api::list_contacts);
  add("GET", "/contacts/{id}", "default", &Api::get_contact);

  add("GET", "/lists/", "default", &Api::get_lists);
  add("POST", "/lists/", "default", &Api::create_list);
  add("GET", "/lists/{id}", "default", &Api::get_list);
  add("PUT", "/lists/{id}", "default", &Api::update_list);
  add("POST", "/lists/{id}", "default", &Api::add_to_list);

  add("POST", "/massives/", "massives", &Api::submit_massive);
  add("GET", "/massives/", "default", &Api::list_massives);
  add("GET", "/massives/{id}", "default", &Api::get_massive);
  add("DELETE", "/massives/{id}", "default", &Api::delete_massive);
  // The headings say POST for pause and resume; the curl examples say PUT. Both are served.
  for (const char* method : {"POST", "PUT"}) {
    add(method, "/massives/{id}/pause", "default", &Api::pause_massive);
    add(method, "/massives/{id}/resume", "default", &Api::resume_massive);
  }
  add("PUT", "/massives/{id}/rerun", "default", &Api::set_massive_rerun);
  add("DELETE", "/massives/{id}/rerun", "default", &Api::reset_massive_rerun);
  add("GET", "/massives/download/{file}", "default", &Api::download_massive);

  add("POST", "/verifier/upload", "default", &Api::upload_verification);
  add("GET", "/verifier/{token}", "default", &Api::get_verification);
  add("PUT", "/verifier/{token}/pause", "default", &Api::pause_verification);
  add("PUT", "/verifier/{token}/resume", "default", &Api::resume_verification);
  add("GET", "/verifier/{token}/download", "default", &Api::download_verification);

  add("POST", "/enrich/upload", "default", &Api::upload_enrichment);
  add("GET", "/enrich/{token}", "default", &Api::get_enrichment);
  add("PUT", "/enrich/{token}/pause", "default", &Api::pause_enrichment);
  add("PUT", "/enrich/{token}/resume", "default", &Api::resume_enrichment);
  add("GET", "/enrich/{token}/download", "default", &Api::download_enrichment);

  add("GET", "/account/", "default", &Api::get_account);
  add("GET", "/organization/", "default", &Api::get_organization);
  add("GET", "/organization/credits/", "default", &Api::get_credits);
}

}  // namespace leadflow::voilanorbert_sim
