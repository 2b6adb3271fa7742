// The host's request policy, applied to every HTTP action of every plugin: wait for the rate
// limiter, send, and then decide what the plugin gets to see. A 429 is never the plugin's
// problem: it is waited out (Retry-After, else X-RateLimit-Reset, else backoff) and resent. A
// transport error or 5xx is retried with full-jitter backoff only when the plugin marked the
// request idempotent; a paid, non-idempotent request is never sent twice.
#pragma once

#include "engine/engine_clock.hpp"
#include "engine/provider_runtime.hpp"
#include "http/http_client.hpp"
#include "plugin/plugin_instance.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <random>

namespace leadflow::engine {

struct RetryPolicy {
  int max_attempts = 4;                                 // for idempotent requests: 1 send + 3 retries
  std::int64_t backoff_base_ms = 500;                   // provider time
  std::int64_t backoff_cap_ms = 30'000;
  std::int64_t max_throttle_wait_ms = 30 * 60'000;      // total 429 waiting before the plugin is told
  std::chrono::milliseconds default_timeout{30'000};
};

// THREAD: the engine's event-loop thread only.
class RequestSender {
 public:
  RequestSender(boost::asio::io_context& io, http::Client& client, const EngineClock& clock, RetryPolicy policy = {});

  // Sends `action` for `provider` and calls `done` (on the event loop) with the event to step
  // the plugin with: HTTP_RESPONSE or HTTP_ERROR, `attempts` filled in.
  void send(ProviderRuntime& provider, plugin::HttpAction action, std::function<void(plugin::Event)> done);

 private:
  struct Exchange;
  void attempt(std::shared_ptr<Exchange> exchange);
  void on_result(std::shared_ptr<Exchange> exchange, http::Result result);
  void retry_after(std::shared_ptr<Exchange> exchange, std::int64_t wait_ms);
  std::int64_t backoff_ms(int attempt);
  std::int64_t throttle_wait_ms(const http::Response& response, int throttled_so_far);
  void observe_rate_headers(ProviderRuntime& provider, std::string_view rate_key, const http::Response& response);

  boost::asio::io_context& io_;
  http::Client& client_;
  const EngineClock& clock_;
  RetryPolicy policy_;
  std::mt19937_64 jitter_;
};

}  // namespace leadflow::engine
