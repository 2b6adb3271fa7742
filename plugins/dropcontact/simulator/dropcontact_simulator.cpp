// Dropcontact's routes over the sandbox kit; see dropcontact_simulator.hpp. Every route goes
// through the same gate: rate limit (a refused request changes nothing), then the access token.
// Dropcontact documents no rate-limit headers, so none are sent.
#include "dropcontact_simulator.hpp"

#include "batch_book.hpp"
#include "contact_enrichment.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <variant>

namespace leadflow::dropcontact_sim {
namespace {

using sandbox::Request;
using sandbox::Response;

// Everyone who presents the sandbox token is this one account.
constexpr const char* sandbox_account = "dropcontact-sandbox";
constexpr const char* unauthenticated = "unauthenticated";

// Dropcontact's answers all carry "error", "success" and, when something is wrong, "reason".
Response failure(int status, const std::string& reason) {
  return Response::json(status, {{"error", true}, {"reason", reason}, {"success", false}});
}

Response not_ready() {
  return Response::json(200, {{"error", false}, {"reason", std::string(not_ready_reason)}, {"success", false}});
}

// The request's top-level options; the reason it is refused (400) otherwise.
std::variant<BatchOptions, std::string> options_of(const nlohmann::json& body) {
  BatchOptions options;
  if (body.contains("siren")) {
    if (!body["siren"].is_boolean()) return std::string("siren must be true or false");
    options.siren = body["siren"].get<bool>();
  }
  if (body.contains("language")) {
    if (!body["language"].is_string() || (body["language"] != "en" && body["language"] != "fr"))
      return std::string("language must be \"en\" or \"fr\"");
    options.language = body["language"].get<std::string>();
  }
  return options;
}

// Why the data array cannot be processed, or "" when it can.
std::string problem_with(const nlohmann::json& body) {
  if (!body.contains("data") || !body["data"].is_array() || body["data"].empty()) return "Missing data in JSON";
  const auto& data = body["data"];
  if (data.size() > max_records)
    return "Too many records, you can only submit up to " + std::to_string(max_records) + " records";
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!data[i].is_object()) return "Record " + std::to_string(i) + " is not a JSON object";
    if (data[i].dump().size() > max_record_bytes) return "Record " + std::to_string(i) + " is larger than 15 kB";
  }
  return "";
}

class Dropcontact {
 public:
  explicit Dropcontact(sandbox::SimulatorContext& context) : context_(context), book_(context.ledger) {}

  using Route = Response (Dropcontact::*)(const Request&, const std::string& account);

  // Rate limit, then the access token, then the route.
  Response gate(const Request& request, Route route) {
    const bool authenticated = request.header("x-access-token") == api_key;
    const auto account = authenticated ? sandbox_account : unauthenticated;
    book_.settle(now());
    const auto decision = context_.rate_limits.check(account, "default");
    if (!decision.allowed) {
      if (route == &Dropcontact::submit) book_.count_refused(429);
      return failure(429, "Too many requests, or temporary error on our side: try again in a few seconds");
    }
    if (!authenticated) {
      if (route == &Dropcontact::submit) book_.count_refused(401);
      return failure(401, "Your access token is wrong");
    }
    return (this->*route)(request, account);
  }

  Response submit(const Request& request, const std::string& account) {
    const auto body = request.json();
    const auto refuse = [&](int status, const std::string& reason) {
      book_.count_refused(status);
      return failure(status, reason);
    };
    if (!body || !body->is_object()) return refuse(400, "Missing data in JSON");
    if (const auto problem = problem_with(*body); !problem.empty()) return refuse(400, problem);
    const auto options = options_of(*body);
    if (const auto* problem = std::get_if<std::string>(&options)) return refuse(400, *problem);

    // "If the account cannot cover all records, the whole request is refused with 403."
    const auto& data = (*body)["data"];
    const auto records = static_cast<std::int64_t>(data.size());
    if (credits_left(account) < records)
      return refuse(403, "Token exceeded quota: " + std::to_string(records) + " records need " + std::to_string(records) +
                             " credits, " + std::to_string(credits_left(account)) + " left");

    Batch batch{.account = account, .submitted_ms = now(), .results = nlohmann::json::array(), .charged = records};
    for (const auto& record : data) {
      auto enriched = enrich(context_.world, record, std::get<BatchOptions>(options));
      if (!enriched.email_supplied && !enriched.email_found) ++batch.refund;
      batch.results.push_back(std::move(enriched.record));
    }
    batch.ready_ms = batch.submitted_ms + context_.options.job_ms.value_or(processing_ms(data.size()));
    const auto request_id = new_request_id();
    book_.submit(request_id, std::move(batch));
    return Response::json(200, {{"error", false}, {"request_id", request_id}, {"success", true}, {"credits_left", credits_left(account)}});
  }

  Response fetch(const Request& request, const std::string& account) { return fetch_results(request, account, false); }
  // The current API adds credits_left to the finished answer (research, DC-DEV errors/credits).
  Response fetch_current(const Request& request, const std::string& account) { return fetch_results(request, account, true); }

  Response account_credits(const Request&, const std::string& account) {
    return Response::json(200, {{"error", false}, {"credits", credits_left(account)}, {"success", true}});
  }

  nlohmann::json observed() {
    book_.settle(now());
    return book_.observed();
  }
  void forget() { book_.clear(); }

 private:
  Response fetch_results(const Request& request, const std::string& account, bool with_credits) {
    auto results = book_.results(account, request.path_params.at("request_id"), now());
    if (!results) return not_ready();  // also for an unknown id, as Dropcontact does
    nlohmann::json body = {{"data", std::move(*results)}, {"error", false}, {"success", true}};
    if (with_credits) body["credits_left"] = credits_left(account);
    return Response::json(200, body);
  }

  std::string new_request_id() {
    char id[33];
    std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(context_.random()),
                  static_cast<unsigned long long>(context_.random()));
    return id;
  }

  std::int64_t credits_left(const std::string& account) const {
    return std::max<std::int64_t>(0, context_.starting_credits() - context_.ledger.total_for(account));
  }
  std::int64_t now() const { return context_.clock.virtual_now_ms(); }

  sandbox::SimulatorContext& context_;
  BatchBook book_;
};

}  // namespace

std::int64_t processing_ms(std::size_t records) { return 10'000 + 100 * static_cast<std::int64_t>(records); }

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) {
  context.base_path = "";
  context.announced_config = {{"api_key", std::string(api_key)}};
  context.observed_paths = {std::string(observation_path)};
  // The seed names no limit; Dropcontact's current docs say 60 requests per second.
  context.rate_limits.define("default", {sandbox::RateWindow::per_second(requests_per_second)});

  auto simulator = std::make_shared<Dropcontact>(context);
  context.on_reset([simulator] { simulator->forget(); });
  auto add = [&](const char* method, const char* path, Dropcontact::Route route) {
    server.route(method, path, [simulator, route](const Request& request) { return simulator->gate(request, route); });
  };
  add("POST", "/batch", &Dropcontact::submit);
  add("GET", "/batch/{request_id}", &Dropcontact::fetch);
  add("POST", "/v1/enrich/all", &Dropcontact::submit);
  add("GET", "/v1/enrich/all/{request_id}", &Dropcontact::fetch_current);
  add("GET", "/v1/account/credits", &Dropcontact::account_credits);
  server.route("GET", std::string(observation_path),
               [simulator](const Request&) { return Response::json(200, simulator->observed()); });
}

}  // namespace leadflow::dropcontact_sim
