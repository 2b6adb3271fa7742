// The host's request policy, applied to every HTTP action of every plugin: wait for the rate
// limiter, send, and then decide what the plugin gets to see. A 429 is never the plugin's
// problem: it is waited out (Retry-After, else X-RateLimit-Reset, else backoff) and resent. A
// transport error or 5xx is retried with full-jitter backoff only when the plugin marked the
// request idempotent; a paid, non-idempotent request is never sent twice. The provider's
// RetryPolicy bounds both the attempts and the total time spent waiting.
#pragma once

#include "engine/engine_clock.hpp"
#include "engine/provider_runtime.hpp"
#include "http/http_client.hpp"
#include "plugin/plugin_instance.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <random>

namespace leadflow::engine {

// THREAD: the engine's event-loop thread only.
class RequestSender {
 public:
  struct Exchange;
  using Handle = std::weak_ptr<Exchange>;

  RequestSender(boost::asio::io_context& io, http::Client& client, const EngineClock& clock);

  // Sends `action` for `provider` and calls `done` (on the event loop) with the event to step
  // the plugin with: HTTP_RESPONSE or HTTP_ERROR with `attempts` filled in, or CANCEL.
  Handle send(ProviderRuntime& provider, plugin::HttpAction action, std::function<void(plugin::Event)> done);
  // Takes back a request that is not on the wire (waiting for its rate limit or for a retry):
  // `done` gets CANCEL. Returns false when it is on the wire or finished: let it complete.
  bool cancel(const Handle& handle);

 private:
  void attempt(std::shared_ptr<Exchange> exchange);
  void on_result(std::shared_ptr<Exchange> exchange, http::Result result);
  void wait_and_retry(std::shared_ptr<Exchange> exchange, std::int64_t wait_ms);
  void finish(std::shared_ptr<Exchange> exchange, plugin::Event event);
  std::int64_t backoff_ms(const RetryPolicy& policy, int failures);
  std::int64_t throttle_wait_ms(const http::Response& response, int throttled_so_far);
  void observe_rate_headers(RateLimiter& limiter, const http::Response& response, std::uint64_t grant);

  boost::asio::io_context& io_;
  http::Client& client_;
  const EngineClock& clock_;
  std::mt19937_64 jitter_;
};

}  // namespace leadflow::engine
