// The common simulator plumbing: the announcement, the control routes and the latency.
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <thread>

using namespace leadflow::sandbox;
using std::chrono::steady_clock;

namespace {
void install_echo(Server& server, SimulatorContext& context) {
  context.base_path = "/v9";
  context.announced_config = {{"api_key", "sandbox-echo-key"}};
  server.route("POST", "/v9/charge/{key}", [&context](const Request& request) {
    context.ledger.charge_once("acct", "charge", request.path_params.at("key"), 1);
    return Response::json(200, {{"total", context.ledger.total()}});
  });
  // A day window, so the test never straddles two windows.
  context.rate_limits.define("limited", {RateWindow::per_day(2)});
  server.route("GET", "/v9/limited", [&context](const Request&) {
    const auto decision = context.rate_limits.check("acct", "limited");
    auto response = Response::json(decision.allowed ? 200 : 429, nlohmann::json::object());
    decision.add_headers(response);
    return response;
  });
}
}  // namespace

TEST_CASE("the announcement names the simulator, its base url and the credentials to use") {
  Simulator simulator("echo", SimulatorOptions{}, install_echo);
  simulator.start();
  const auto announcement = simulator.announcement();
  CHECK(announcement["simulator"] == "echo");
  CHECK(announcement["base_url"] == "http://127.0.0.1:" + std::to_string(simulator.server().port()) + "/v9");
  CHECK(announcement["config"]["api_key"] == "sandbox-echo-key");
  CHECK(announcement.dump().find('\n') == std::string::npos);
}

TEST_CASE("the ledger, reset and faults control routes work on every simulator") {
  Simulator simulator("echo", SimulatorOptions{}, install_echo);
  simulator.start();
  LoopbackClient client(simulator.server().port());
  client.request("POST", "/v9/charge/a");
  client.request("POST", "/v9/charge/a");
  client.request("POST", "/v9/charge/b");
  auto ledger = client.get("/_sandbox/ledger").json();
  CHECK(ledger["total"] == 2);
  CHECK(ledger["entries"][0]["key"] == "a");

  CHECK(client.post_json("/_sandbox/faults", {{"spec", "5xx-burst:1"}}).status == 200);
  CHECK(client.request("POST", "/v9/charge/c").status == 503);
  CHECK(client.get("/_sandbox/ledger").json()["total"] == 2);  // the faulted request charged nothing
  CHECK(client.post_json("/_sandbox/faults", {{"spec", "bogus"}}).status == 400);

  CHECK(client.request("POST", "/_sandbox/reset").status == 200);
  CHECK(client.get("/_sandbox/ledger").json()["total"] == 0);
  CHECK(client.get("/_sandbox/truth").json()["people"].size() == simulator.context().world.people().size());
}

TEST_CASE("GET /_sandbox/stats counts allowed and refused requests per class, in virtual time") {
  Simulator simulator("echo", SimulatorOptions{.time_scale = 60}, install_echo);
  simulator.start();
  LoopbackClient client(simulator.server().port());
  CHECK(client.get("/_sandbox/stats").json()["classes"]["limited"] ==
        nlohmann::json({{"allowed", 0}, {"refused", 0}, {"first_ms", nullptr}, {"last_ms", nullptr}}));

  const auto before_ms = simulator.context().clock.virtual_now_ms();
  CHECK(client.get("/v9/limited").status == 200);
  CHECK(client.get("/v9/limited").status == 200);
  CHECK(client.get("/v9/limited").status == 429);
  const auto stats = client.get("/_sandbox/stats").json();
  const auto& limited = stats["classes"]["limited"];
  CHECK(limited["allowed"] == 2);
  CHECK(limited["refused"] == 1);
  CHECK(limited["first_ms"] >= before_ms);
  CHECK(limited["last_ms"] >= limited["first_ms"]);
  CHECK(stats["virtual_now_ms"] >= limited["last_ms"]);
  CHECK(stats["time_scale"] == 60.0);

  client.request("POST", "/_sandbox/reset");
  CHECK(client.get("/_sandbox/stats").json()["classes"]["limited"]["allowed"] == 0);
}

TEST_CASE("latency delays every provider answer by its virtual time; the request counts on arrival; control routes answer at once") {
  // 40 virtual seconds at 100x: 400 ms of real waiting.
  Simulator simulator("echo", SimulatorOptions{.time_scale = 100, .latency_ms = 40'000}, install_echo);
  simulator.start();
  const auto port = simulator.server().port();
  const auto delay = simulator.context().clock.real_duration(40'000);

  const auto sent = steady_clock::now();
  auto provider_answer = std::async(std::launch::async, [port] {
    LoopbackClient client(port);
    const auto status = client.request("POST", "/v9/charge/a").status;
    return std::pair{status, steady_clock::now()};
  });
  std::this_thread::sleep_for(delay / 4);  // lets the provider request arrive first
  LoopbackClient control(port);
  // A provider counts (and charges) a request when it arrives; only the answer takes time.
  CHECK(control.get("/_sandbox/ledger").json()["total"] == 1);
  const auto control_answered = steady_clock::now();

  const auto [status, provider_answered] = provider_answer.get();
  CHECK(status == 200);
  CHECK(provider_answered - sent >= delay);
  CHECK(control_answered < provider_answered);
  CHECK(control.get("/_sandbox/ledger").json()["total"] == 1);
}
