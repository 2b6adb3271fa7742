// Fault injection: the spec language, and every fault kind as a raw client sees it.
#include <leadflow/sandbox/faults.hpp>
#include <leadflow/sandbox/loopback_client.hpp>
#include <leadflow/sandbox/server.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

using namespace leadflow::sandbox;

namespace {
// A server whose one real route counts the requests that reached it.
struct FaultyServer {
  Faults faults;
  Server server;
  int reached = 0;

  explicit FaultyServer(const std::string& spec) {
    faults.configure(spec);
    server.route("GET", "/work", [this](const Request&) { return Response::json(200, {{"reached", ++reached}}); });
    server.route("GET", "/_sandbox/ping", [](const Request&) { return Response::json(200, {{"pong", true}}); });
    server.inject_faults_from(faults);
    server.start();
  }
};
}  // namespace

TEST_CASE("a spec lists probabilistic faults with parameters and bursts") {
  const auto rules = parse_fault_spec("5xx:0.1, drop:0.05,slow:0.05:3000,malformed:0.05,429:0.1:retry-after=2,5xx-burst:5");
  REQUIRE(rules.size() == 6);
  CHECK(rules[2].fault.kind == FaultKind::slow);
  CHECK(rules[2].fault.slow_ms == 3000);
  CHECK(rules[4].fault.retry_after_s == 2);
  CHECK(rules[5].burst == 5);
  CHECK(parse_fault_spec("").empty());
}

TEST_CASE("a bad spec is refused with a sentence naming the entry") {
  CHECK_THROWS_WITH_AS(parse_fault_spec("5xx:2"), doctest::Contains("'5xx:2'"), std::invalid_argument);
  CHECK_THROWS_AS(parse_fault_spec("teapot:0.1"), std::invalid_argument);
  CHECK_THROWS_AS(parse_fault_spec("slow:0.1"), std::invalid_argument);
  CHECK_THROWS_AS(parse_fault_spec("5xx:0.7,drop:0.7"), std::invalid_argument);
  Faults faults;
  faults.configure("5xx-burst:1");
  CHECK_THROWS(faults.configure("nonsense"));
  CHECK(faults.spec() == "5xx-burst:1");
}

TEST_CASE("a 5xx burst answers 503 to exactly the next N requests and never reaches the route") {
  FaultyServer f("5xx-burst:3");
  LoopbackClient client(f.server.port());
  for (int i = 0; i < 3; ++i) {
    const auto response = client.get("/work");
    CHECK(response.status == 503);
    CHECK(response.json()["code"] == 503);
  }
  CHECK(client.get("/work").status == 200);
  CHECK(f.reached == 1);
  CHECK(f.faults.injected() == 3);
}

TEST_CASE("a 429 fault carries Retry-After only when asked") {
  FaultyServer f("429-burst:1:retry-after=2,429-burst:1");
  LoopbackClient client(f.server.port());
  const auto with = client.get("/work");
  CHECK(with.status == 429);
  CHECK(with.header("retry-after") == "2");
  const auto without = client.get("/work");
  CHECK(without.status == 429);
  CHECK(without.header("retry-after").empty());
  CHECK(f.reached == 0);
}

TEST_CASE("a malformed fault answers 200 with JSON that does not parse") {
  FaultyServer f("malformed-burst:1");
  LoopbackClient client(f.server.port());
  const auto response = client.get("/work");
  CHECK(response.status == 200);
  CHECK_THROWS(response.json());
  CHECK(f.reached == 0);
}

TEST_CASE("a drop fault hangs up without an answer, or in the middle of the body") {
  FaultyServer f("drop-burst:2");
  LoopbackClient client(f.server.port());
  CHECK_THROWS_AS(client.get("/work"), ConnectionDropped);
  CHECK_THROWS_AS(client.get("/work"), ConnectionDropped);
  CHECK(client.get("/work").status == 200);  // a new connection is served again
  CHECK(f.reached == 1);
}

TEST_CASE("a slow fault delays the answer, which then reaches the route") {
  FaultyServer f("slow-burst:1:300");
  LoopbackClient client(f.server.port());
  const auto started = std::chrono::steady_clock::now();
  CHECK(client.get("/work").status == 200);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300));
  CHECK(f.reached == 1);
}

TEST_CASE("control routes are never faulted") {
  FaultyServer f("5xx:1");
  LoopbackClient client(f.server.port());
  CHECK(client.get("/_sandbox/ping").status == 200);
  CHECK(client.get("/work").status == 503);
}

TEST_CASE("probabilistic faults follow their rate and the seed") {
  Faults a(7), b(7);
  a.configure("5xx:0.25");
  b.configure("5xx:0.25");
  int faulted = 0;
  for (int i = 0; i < 4000; ++i) {
    const auto fa = a.next();
    CHECK(fa.has_value() == b.next().has_value());
    faulted += fa ? 1 : 0;
  }
  CHECK(faulted > 850);
  CHECK(faulted < 1150);
}
