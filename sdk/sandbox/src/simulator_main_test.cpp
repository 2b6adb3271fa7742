// The common simulator plumbing: flags, the announcement, and the control routes.
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

using namespace leadflow::sandbox;

namespace {
void install_echo(Server& server, SimulatorContext& context) {
  context.base_path = "/v9";
  context.announced_config = {{"api_key", "sandbox-echo-key"}};
  server.route("POST", "/v9/charge/{key}", [&context](const Request& request) {
    context.ledger.charge_once("acct", "charge", request.path_params.at("key"), 1);
    return Response::json(200, {{"total", context.ledger.total()}});
  });
}
}  // namespace

TEST_CASE("flags set every option and defaults are sane") {
  const char* argv[] = {"sim", "--port", "0", "--time-scale", "120", "--epoch-anchor-ms", "1000", "--seed", "7",
                        "--faults", "5xx:0.1", "--credits", "3"};
  const auto options = parse_simulator_options(13, argv, "echo");
  REQUIRE(options);
  CHECK(options->time_scale == 120.0);
  CHECK(options->epoch_anchor_ms == 1000);
  CHECK(options->seed == 7);
  CHECK(options->faults == "5xx:0.1");
  CHECK(options->credits == 3);
  const char* bare[] = {"sim"};
  CHECK(parse_simulator_options(1, bare, "echo")->seed == 42);
}

TEST_CASE("bad flags are refused before listening") {
  const char* zero_scale[] = {"sim", "--time-scale", "0"};
  CHECK_THROWS_AS(parse_simulator_options(3, zero_scale, "echo"), std::invalid_argument);
  const char* bad_faults[] = {"sim", "--faults", "5xx:9"};
  CHECK_THROWS_AS(parse_simulator_options(3, bad_faults, "echo"), std::invalid_argument);
  const char* help[] = {"sim", "--help"};
  CHECK_FALSE(parse_simulator_options(2, help, "echo"));
}

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
