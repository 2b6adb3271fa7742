#include "engine/request_sender.hpp"

#include <leadflow/sandbox/server.hpp>

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <atomic>

using namespace leadflow;
using namespace leadflow::engine;

namespace {

// A provider whose answers the test scripts, counting what it receives.
struct ScriptedProvider {
  sandbox::Server server;
  std::atomic<int> requests{0};

  explicit ScriptedProvider(std::function<sandbox::Response(int n)> answer) {
    server.route("GET", "/thing", [this, answer](const sandbox::Request&) { return answer(++requests); });
    server.route("POST", "/thing", [this, answer](const sandbox::Request&) { return answer(++requests); });
    server.start();
  }
  std::string url() const { return server.origin() + "/thing"; }
};

struct Harness {
  boost::asio::io_context io;
  EngineClock clock{100};  // a provider second lasts 10 real milliseconds
  http::Client client{io};
  RequestSender sender{io, client, clock};
  ProviderRuntime provider;

  Harness() {
    provider.name = "test";
    provider.account = std::make_shared<ProviderAccount>(io, clock, plugin::Manifest{}, workflow::ProviderSpec{});
  }

  plugin::Event send(std::string method, std::string url, bool idempotent) {
    plugin::HttpAction action;
    action.method = std::move(method);
    action.url = std::move(url);
    action.idempotent = idempotent;
    plugin::Event result;
    sender.send(provider, action, [&](plugin::Event e) {
      result = std::move(e);
      io.stop();
    });
    io.run();
    return result;
  }
};

sandbox::Response ok() { return sandbox::Response::json(200, {{"ok", true}}); }

}  // namespace

TEST_CASE("a 429 with Retry-After is waited out and resent, and the plugin only sees the success") {
  ScriptedProvider provider([](int n) {
    if (n == 1) return sandbox::Response::json(429, {{"error", "slow down"}}).set_header("Retry-After", "3");
    return ok();
  });
  Harness h;
  const auto before = h.clock.monotonic_ms();
  auto event = h.send("POST", provider.url(), /*idempotent=*/false);
  CHECK(event.kind == plugin::EventKind::http_response);
  CHECK(event.http_status == 200);
  CHECK(event.attempts == 2);
  CHECK(h.provider.stats.throttled == 1);
  CHECK(h.clock.monotonic_ms() - before >= 3000);
}

TEST_CASE("a 429 without Retry-After waits until X-RateLimit-Reset") {
  Harness h;
  const auto reset_s = h.clock.now_unix_ms() / 1000 + 4;
  ScriptedProvider provider([&](int n) {
    if (n == 1)
      return sandbox::Response::json(429, {{"code", 429}})
          .set_header("X-RateLimit-Remaining", "0")
          .set_header("X-RateLimit-Reset", std::to_string(reset_s));
    return ok();
  });
  auto event = h.send("GET", provider.url(), true);
  CHECK(event.http_status == 200);
  CHECK(h.clock.now_unix_ms() >= reset_s * 1000 - 50);
}

TEST_CASE("a paid, non-idempotent request is never resent after a 5xx") {
  ScriptedProvider provider([](int) { return sandbox::Response::json(503, {{"error", "down"}}); });
  Harness h;
  auto event = h.send("POST", provider.url(), /*idempotent=*/false);
  CHECK(event.http_status == 503);
  CHECK(event.attempts == 1);
  CHECK(provider.requests == 1);
}

TEST_CASE("an idempotent request is retried after 5xx until it succeeds") {
  ScriptedProvider provider([](int n) { return n <= 2 ? sandbox::Response::json(502, {}) : ok(); });
  Harness h;
  auto event = h.send("GET", provider.url(), true);
  CHECK(event.http_status == 200);
  CHECK(event.attempts == 3);
  CHECK(h.provider.stats.retries == 2);
}

TEST_CASE("an idempotent request that keeps failing reaches the plugin after the last attempt") {
  ScriptedProvider provider([](int) { return sandbox::Response::json(500, {}); });
  Harness h;
  auto event = h.send("GET", provider.url(), true);
  CHECK(event.http_status == 500);
  CHECK(event.attempts == RetryPolicy{}.max_attempts);
  CHECK(provider.requests == RetryPolicy{}.max_attempts);
}

TEST_CASE("a transport error reaches the plugin as an HTTP_ERROR event with the attempts made") {
  std::string dead_url;
  {
    ScriptedProvider gone([](int) { return ok(); });
    dead_url = gone.url();
  }  // the port is closed now
  Harness h;
  auto event = h.send("GET", dead_url, false);
  CHECK(event.kind == plugin::EventKind::http_error);
  CHECK(event.transport_error == LF_TRANSPORT_CONNECT);
  CHECK(event.attempts == 1);
}

TEST_CASE("the provider's retry attempts are honoured") {
  ScriptedProvider provider([](int) { return sandbox::Response::json(503, {}); });
  Harness h;
  h.provider.retry.max_attempts = 2;
  auto event = h.send("GET", provider.url(), true);
  CHECK(event.http_status == 503);
  CHECK(provider.requests == 2);
}

TEST_CASE("retries stop when the next wait would pass the provider's max_wait") {
  ScriptedProvider provider([](int) { return sandbox::Response::json(503, {}); });
  Harness h;
  h.provider.retry.max_attempts = 100;
  h.provider.retry.max_wait_ms = 1000;
  h.provider.retry.backoff_base_ms = 1'000'000;  // every jittered wait (but a one-in-a-million) is past max_wait
  h.provider.retry.backoff_cap_ms = 1'000'000;
  auto event = h.send("GET", provider.url(), true);
  CHECK(event.http_status == 503);
  CHECK(provider.requests == 1);
}

TEST_CASE("a 429 storm past max_wait reaches the plugin as the 429") {
  ScriptedProvider provider([](int) {
    auto r = sandbox::Response::json(429, {{"error", "slow down"}});
    r.set_header("Retry-After", "5");
    return r;
  });
  Harness h;
  h.provider.retry.max_wait_ms = 12'000;  // two 5-second waits fit, the third does not
  auto event = h.send("POST", provider.url(), false);
  CHECK(event.http_status == 429);
  CHECK(provider.requests == 3);
  CHECK(h.provider.stats.throttled == 3);
}

TEST_CASE("a transport failure after retries says how many times it was sent") {
  std::string dead_url;
  {
    ScriptedProvider gone([](int) { return ok(); });
    dead_url = gone.url();
  }
  Harness h;
  h.provider.retry.backoff_base_ms = 10;
  auto event = h.send("GET", dead_url, true);
  CHECK(event.kind == plugin::EventKind::http_error);
  CHECK(event.attempts == 4);
  CHECK(event.error_message.find("sent 4 times over") != std::string::npos);
}

TEST_CASE("a request waiting for a retry is cancelled at once; one on the wire is not") {
  ScriptedProvider provider([](int) { return sandbox::Response::json(503, {}); });
  Harness h;
  h.provider.retry.backoff_base_ms = 60'000;  // the retry would wait long
  h.provider.retry.backoff_cap_ms = 60'000;
  plugin::HttpAction action;
  action.method = "GET";
  action.url = provider.url();
  action.idempotent = true;
  plugin::Event result;
  RequestSender::Handle handle;
  handle = h.sender.send(h.provider, action, [&](plugin::Event e) {
    result = std::move(e);
    h.io.stop();
  });
  CHECK_FALSE(h.sender.cancel(handle));  // queued-and-granted or on the wire: let it finish
  // Poll until the first answer has come back and the sender waits for its retry.
  for (int i = 0; i < 2000 && h.provider.stats.retries == 0; ++i) h.io.run_for(std::chrono::milliseconds(1));
  REQUIRE(h.provider.stats.retries == 1);
  CHECK(h.sender.cancel(handle));
  h.io.restart();
  h.io.run();
  CHECK(result.kind == plugin::EventKind::cancel);
  CHECK(provider.requests == 1);
}
