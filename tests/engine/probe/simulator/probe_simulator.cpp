// The probe API's routes over the sandbox kit; see probe_simulator.hpp. Every API route goes
// through the same gate: rate limit (a refused request changes nothing), then Bearer auth, and
// the answer always carries X-RateLimit-* headers. Only requests that pass the gate are counted
// per key: the kit's rate-limit statistics count the refused ones.
#include "probe_simulator.hpp"

#include "job_board.hpp"
#include "key_behaviour.hpp"
#include "observations.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leadflow::probe_sim {
namespace {

using sandbox::Request;
using sandbox::Response;

// Everyone who presents the sandbox key is this one account.
constexpr const char* sandbox_account = "probe-sandbox";
constexpr const char* unauthenticated = "unauthenticated";

struct BatchItem {
  std::string ref;
  std::string key;
};

Response error(int status, const std::string& message) { return Response::json(status, {{"error", message}}); }

std::optional<std::string> key_in(const std::optional<nlohmann::json>& body) {
  if (!body || !body->is_object() || !body->contains("key") || !(*body)["key"].is_string()) return std::nullopt;
  auto key = (*body)["key"].get<std::string>();
  if (key.empty()) return std::nullopt;
  return key;
}

// {"items": [{"ref": "...", "key": "..."}, ...]}, at least one item; its size is checked later,
// so that an oversized batch is still observed.
std::optional<std::vector<BatchItem>> batch_items(const std::optional<nlohmann::json>& body) {
  if (!body || !body->is_object() || !body->contains("items") || !(*body)["items"].is_array()) return std::nullopt;
  std::vector<BatchItem> items;
  for (const auto& item : (*body)["items"]) {
    const auto key = key_in(item);
    if (!key || !item.contains("ref") || !item["ref"].is_string()) return std::nullopt;
    items.push_back({item["ref"].get<std::string>(), *key});
  }
  if (items.empty()) return std::nullopt;
  return items;
}

std::string too_many_requests_message(const sandbox::RateDecision& decision, const std::string& rate_class) {
  return "Too many requests: at most " + std::to_string(decision.limit) + " per second for " + rate_class + ".";
}

class ProbeApi {
 public:
  explicit ProbeApi(sandbox::SimulatorContext& context) : context_(context) {}

  using Route = Response (ProbeApi::*)(const Request&, std::int64_t now_ms);

  // Rate limit, then authentication, then the route; X-RateLimit-* on every answer.
  Response gate(const Request& request, const std::string& rate_class, Route route) {
    const bool authenticated = request.header("authorization") == "Bearer " + std::string(api_key);
    const auto decision = context_.rate_limits.check(authenticated ? sandbox_account : unauthenticated, rate_class);
    Response response = !decision.allowed ? error(429, too_many_requests_message(decision, rate_class))
                        : !authenticated  ? error(401, "Send Authorization: Bearer <api_key>.")
                                          : (this->*route)(request, context_.clock.virtual_now_ms());
    decision.add_headers(response);
    return response;
  }

  Response lookup(const Request& request, std::int64_t now_ms) {
    const auto key = key_in(request.json());
    if (!key) return error(400, R"(Send a JSON object like {"key": "..."}.)");
    const auto behaviour = behaviour_of(*key);
    if (auto refusal = scripted_refusal(behaviour, observations_.request(*key, now_ms))) return *refusal;
    if (behaviour.rejected) return error(400, "invalid key");
    if (out_of_credits()) return error(402, "No credits left.");
    return Response::json(200, answer(*key, behaviour));
  }

  // Answered in a shuffled order: each result carries its item's ref.
  Response batch(const Request& request, std::int64_t now_ms) {
    const auto items = batch_items(request.json());
    if (!items) return error(400, R"(Send {"items": [{"ref": "...", "key": "..."}, ...]}.)");
    observations_.batch(items->size());
    if (items->size() > max_batch_items)
      return error(400, "A batch holds at most " + std::to_string(max_batch_items) + " items, got " + std::to_string(items->size()) + ".");
    std::vector<std::int64_t> counts;
    for (const auto& item : *items) counts.push_back(observations_.request(item.key, now_ms));
    // A batch naming a key that must fail or be throttled now fails or is throttled as a whole.
    for (std::size_t i = 0; i < items->size(); ++i)
      if (auto refusal = scripted_refusal(behaviour_of((*items)[i].key), counts[i])) return *refusal;
    if (out_of_credits()) return error(402, "No credits left.");
    nlohmann::json results = nlohmann::json::array();
    for (const auto& item : *items) results.push_back(batch_result(item));
    shuffle(results);
    return Response::json(200, {{"results", std::move(results)}});
  }

  Response submit_job(const Request& request, std::int64_t now_ms) {
    const auto key = key_in(request.json());
    if (!key) return error(400, R"(Send a JSON object like {"key": "..."}.)");
    const auto behaviour = behaviour_of(*key);
    if (auto refusal = scripted_refusal(behaviour, observations_.request(*key, now_ms))) return *refusal;
    if (behaviour.rejected) return error(400, "invalid key");
    if (out_of_credits()) return error(402, "No credits left.");
    const auto duration = context_.options.job_ms.value_or(behaviour.slow_job ? slow_job_ms : job_ms);
    const auto job = jobs_.submit(*key, now_ms, duration);
    observations_.job_submitted();
    return Response::json(202, {{"id", job.id}, {"ready_in_ms", duration}});
  }

  // A job is charged, and stops counting as in flight, when a poll first sees it done.
  Response poll_job(const Request& request, std::int64_t now_ms) {
    const auto& id = request.path_params.at("id");
    const auto polled = jobs_.poll(id, now_ms);
    if (!polled) return error(404, "There is no job " + id + ".");
    const auto& job = polled->job;
    if (!job.done(now_ms)) return Response::json(200, {{"id", job.id}, {"state", "running"}});
    const auto behaviour = behaviour_of(job.key);
    if (polled->first_done_read) observations_.job_finished();
    nlohmann::json body = polled->first_done_read ? answer(job.key, behaviour) : unpaid_answer(job.key, behaviour);
    body["id"] = job.id;
    body["state"] = "done";
    return Response::json(200, body);
  }

  Response get_account(const Request&, std::int64_t) { return Response::json(200, {{"credits", credits_remaining()}}); }

  nlohmann::json observed() const {
    auto seen = observations_.to_json();
    seen["ledger_total"] = context_.ledger.total();
    seen["rate_limits"] = context_.rate_limits.stats();
    seen["faults_injected"] = context_.faults.injected();
    return seen;
  }

  void forget() {
    observations_.reset();
    jobs_.clear();
  }

 private:
  static std::optional<Response> scripted_refusal(const KeyBehaviour& behaviour, std::int64_t request_number) {
    if (behaviour.fails_request(request_number))
      return error(503, "probe fails on purpose (request " + std::to_string(request_number) + " of the first " +
                            std::to_string(behaviour.failing_requests) + " for this key).");
    if (behaviour.throttles_request(request_number)) {
      auto response = error(429, "probe throttles the first request for this key on purpose.");
      response.set_header("Retry-After", std::to_string(*behaviour.retry_after_s));
      return response;
    }
    return std::nullopt;
  }

  // The found/not-found answer for a key; a found answer is charged (once per key in the ledger).
  nlohmann::json answer(const std::string& key, const KeyBehaviour& behaviour) {
    if (behaviour.found) {
      context_.ledger.charge_once(sandbox_account, "lookup", key, 1);
      observations_.found_answer();
    }
    return unpaid_answer(key, behaviour);
  }

  static nlohmann::json unpaid_answer(const std::string& key, const KeyBehaviour& behaviour) {
    return {{"key", key}, {"found", behaviour.found}, {"value", behaviour.found ? nlohmann::json(value_of(key)) : nlohmann::json()}};
  }

  nlohmann::json batch_result(const BatchItem& item) {
    const auto behaviour = behaviour_of(item.key);
    if (behaviour.rejected) return {{"ref", item.ref}, {"error", "invalid key"}};
    auto result = answer(item.key, behaviour);
    result["ref"] = item.ref;
    return result;
  }

  void shuffle(nlohmann::json& results) {
    for (std::size_t i = results.size(); i > 1; --i) std::swap(results[i - 1], results[context_.random() % i]);
  }

  std::int64_t credits_remaining() const {
    return std::max<std::int64_t>(0, context_.starting_credits() - context_.ledger.total_for(sandbox_account));
  }
  bool out_of_credits() const { return credits_remaining() <= 0; }

  sandbox::SimulatorContext& context_;
  Observations observations_;
  JobBoard jobs_;
};

}  // namespace

void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context) {
  context.base_path = std::string(api_root);
  context.announced_config = {{"api_key", std::string(api_key)}};
  context.observed_paths = {"/_sandbox/probe"};
  context.rate_limits.define("lookup", {sandbox::RateWindow::per_second(lookup_per_second)});
  context.rate_limits.define("default", {sandbox::RateWindow::per_second(default_per_second)});

  auto api = std::make_shared<ProbeApi>(context);
  context.on_reset([api] { api->forget(); });
  auto add = [&](const char* method, const std::string& path, const char* rate_class, ProbeApi::Route route) {
    server.route(method, std::string(api_root) + path,
                 [api, rate_class, route](const Request& request) { return api->gate(request, rate_class, route); });
  };
  add("POST", "/lookup", "lookup", &ProbeApi::lookup);
  add("POST", "/batch", "default", &ProbeApi::batch);
  add("POST", "/jobs", "default", &ProbeApi::submit_job);
  add("GET", "/jobs/{id}", "default", &ProbeApi::poll_job);
  add("GET", "/account", "default", &ProbeApi::get_account);
  server.route("GET", std::string(observation_path), [api](const Request&) { return Response::json(200, api->observed()); });
}

}  // namespace leadflow::probe_sim
