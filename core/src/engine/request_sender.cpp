// The host's request policy; see request_sender.hpp.
#include "engine/request_sender.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <leadflow/plugin.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace leadflow::engine {
namespace {

std::optional<std::int64_t> parse_int(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
std::optional<std::int64_t> retry_after_ms(std::string_view value, std::int64_t now_unix_ms) {
  if (auto seconds = parse_int(value)) return std::max<std::int64_t>(0, *seconds * 1000);
  std::tm tm{};
  std::string text(value);
  if (!strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(timegm(&tm)) * 1000 - now_unix_ms);
}

int transport_kind(http::ErrorKind kind) {
  switch (kind) {
    case http::ErrorKind::connect: return LF_TRANSPORT_CONNECT;
    case http::ErrorKind::tls: return LF_TRANSPORT_TLS;
    case http::ErrorKind::timeout: return LF_TRANSPORT_TIMEOUT;
    case http::ErrorKind::protocol: return LF_TRANSPORT_PROTOCOL;
    case http::ErrorKind::refused: return LF_TRANSPORT_REFUSED;
  }
  return LF_TRANSPORT_PROTOCOL;
}

constexpr std::int64_t max_reset_wait_ms = 24 * 3600 * 1000LL;

}  // namespace

struct RequestSender::Exchange {
  enum class State { queued, waiting, on_wire, finished };

  ProviderRuntime& provider;
  plugin::HttpAction action;
  std::function<void(plugin::Event)> done;
  State state = State::queued;
  RateLimiter::Ticket ticket = 0;                         // queued
  std::unique_ptr<boost::asio::steady_timer> wait_timer;  // waiting
  std::uint64_t grant = 0;  // the rate limiter's sequence number of the current attempt
  int attempts = 0;   // sends so far
  int failures = 0;   // transport errors and 5xx so far (drives backoff)
  int throttled = 0;  // 429s so far
  std::int64_t waited_ms = 0;  // backoff and 429 waits so far, provider time
  std::int64_t started_ms = 0;

  RateLimiter& limiter() { return provider.limiter(action.rate_limit_key); }
};

RequestSender::RequestSender(boost::asio::io_context& io, http::Client& client, const EngineClock& clock)
    : io_(io), client_(client), clock_(clock), jitter_(std::random_device{}()) {}

RequestSender::Handle RequestSender::send(ProviderRuntime& provider, plugin::HttpAction action, std::function<void(plugin::Event)> done) {
  auto exchange = std::make_shared<Exchange>(Exchange{provider, std::move(action), std::move(done)});
  exchange->started_ms = clock_.monotonic_ms();
  attempt(exchange);
  return exchange;
}

bool RequestSender::cancel(const Handle& handle) {
  auto exchange = handle.lock();
  if (!exchange) return false;
  switch (exchange->state) {
    case Exchange::State::queued:
      if (!exchange->limiter().withdraw(exchange->ticket)) return false;  // granted: its send is already posted
      break;
    case Exchange::State::waiting:
      exchange->wait_timer->cancel();  // its handler sees operation_aborted
      break;
    case Exchange::State::on_wire:
    case Exchange::State::finished:
      return false;
  }
  plugin::Event event;
  event.kind = plugin::EventKind::cancel;
  event.attempts = static_cast<std::uint32_t>(exchange->attempts);
  finish(exchange, std::move(event));
  return true;
}

void RequestSender::attempt(std::shared_ptr<Exchange> exchange) {
  exchange->state = Exchange::State::queued;
  exchange->ticket = exchange->limiter().acquire([this, exchange](std::uint64_t grant) {
    if (exchange->state != Exchange::State::queued) return;  // cancelled meanwhile
    exchange->state = Exchange::State::on_wire;
    exchange->grant = grant;
    http::Request request;
    request.method = exchange->action.method;
    request.url = exchange->action.url;
    for (const auto& [name, value] : exchange->action.headers) request.headers.push_back({name, value});
    request.body = exchange->action.body;
    request.idempotent = exchange->action.idempotent;
    if (!exchange->action.client_certificate.empty())
      request.client_identity = http::ClientIdentity{exchange->action.client_certificate, exchange->action.client_key};
    request.timeout = exchange->action.timeout_ms > 0 ? std::chrono::milliseconds(exchange->action.timeout_ms)
                                                      : exchange->provider.retry.default_timeout;
    ++exchange->attempts;
    ++exchange->provider.stats.requests;
    client_.send(std::move(request), [this, exchange](http::Result result) { on_result(exchange, std::move(result)); });
  });
}

void RequestSender::on_result(std::shared_ptr<Exchange> exchange, http::Result result) {
  auto& provider = exchange->provider;
  const auto& policy = provider.retry;
  exchange->limiter().release();
  const bool may_retry = exchange->action.idempotent && exchange->attempts < policy.max_attempts;

  if (auto* error = std::get_if<http::Error>(&result)) {
    if (may_retry && error->kind != http::ErrorKind::refused) {
      const auto wait = backoff_ms(policy, ++exchange->failures);
      if (exchange->waited_ms + wait <= policy.max_wait_ms) {
        ++provider.stats.retries;
        return wait_and_retry(exchange, wait);
      }
    }
    plugin::Event event;
    event.kind = plugin::EventKind::http_error;
    event.transport_error = transport_kind(error->kind);
    event.error_message = error->message;
    if (exchange->attempts > 1)
      event.error_message += fmt::format(" (sent {} times over {:.1f} s)", exchange->attempts,
                                         static_cast<double>(clock_.monotonic_ms() - exchange->started_ms) / 1000.0);
    event.attempts = static_cast<std::uint32_t>(exchange->attempts);
    return finish(exchange, std::move(event));
  }

  auto& response = std::get<http::Response>(result);
  observe_rate_headers(exchange->limiter(), response, exchange->grant);

  if (response.status == 429) {
    // Not processed by the provider, so resending is safe whatever the method.
    ++provider.stats.throttled;
    const auto wait = throttle_wait_ms(response, exchange->throttled++);
    if (exchange->waited_ms + wait <= policy.max_wait_ms) {
      exchange->waited_ms += wait;
      exchange->limiter().hold_until(clock_.monotonic_ms() + wait);
      return attempt(exchange);
    }
  }
  if (response.status >= 500 && may_retry) {
    const auto wait = backoff_ms(policy, ++exchange->failures);
    if (exchange->waited_ms + wait <= policy.max_wait_ms) {
      ++provider.stats.retries;
      return wait_and_retry(exchange, wait);
    }
  }

  plugin::Event event;
  event.kind = plugin::EventKind::http_response;
  event.http_status = response.status;
  for (auto& h : response.headers) event.headers.emplace_back(std::move(h.name), std::move(h.value));
  event.body = std::move(response.body);
  event.attempts = static_cast<std::uint32_t>(exchange->attempts);
  finish(exchange, std::move(event));
}

void RequestSender::wait_and_retry(std::shared_ptr<Exchange> exchange, std::int64_t wait_ms) {
  exchange->waited_ms += wait_ms;
  exchange->state = Exchange::State::waiting;
  exchange->wait_timer = std::make_unique<boost::asio::steady_timer>(io_, clock_.real_duration(wait_ms));
  // The handler keeps the exchange alive while it waits; cancel() destroys the timer, which
  // runs the handler with operation_aborted.
  exchange->wait_timer->async_wait([this, exchange](const boost::system::error_code& ec) {
    if (ec || exchange->state != Exchange::State::waiting) return;
    attempt(exchange);
  });
}

void RequestSender::finish(std::shared_ptr<Exchange> exchange, plugin::Event event) {
  exchange->state = Exchange::State::finished;
  auto done = std::move(exchange->done);
  boost::asio::post(io_, [done = std::move(done), event = std::move(event)]() mutable { done(std::move(event)); });
}

// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in
// [0, min(cap, base * 2^(failures-1))], which spreads retries of many operations apart.
std::int64_t RequestSender::backoff_ms(const RetryPolicy& policy, int failures) {
  const auto ceiling = std::min<double>(static_cast<double>(policy.backoff_cap_ms),
                                        static_cast<double>(policy.backoff_base_ms) * std::pow(2.0, failures - 1));
  return std::uniform_int_distribution<std::int64_t>(0, static_cast<std::int64_t>(ceiling))(jitter_);
}

std::int64_t RequestSender::throttle_wait_ms(const http::Response& response, int throttled_so_far) {
  if (auto value = response.header("retry-after"))
    if (auto ms = retry_after_ms(*value, clock_.now_unix_ms())) return std::max<std::int64_t>(*ms, 1);
  if (auto reset = response.header("x-ratelimit-reset"))
    if (auto epoch_s = parse_int(*reset)) {
      const auto wait = *epoch_s * 1000 - clock_.now_unix_ms();
      if (wait > 0 && wait <= max_reset_wait_ms) return wait;
    }
  // The provider gave no hint: back off exponentially, starting at one second.
  return std::min<std::int64_t>(60'000, 1000LL << std::min(throttled_so_far, 6));
}

// X-RateLimit-Remaining/Reset tell how many more requests the provider's current window takes:
// the limiter spends them and then waits for the reset, instead of spending a request on a 429.
void RequestSender::observe_rate_headers(RateLimiter& limiter, const http::Response& response, std::uint64_t grant) {
  auto remaining = response.header("x-ratelimit-remaining");
  auto reset = response.header("x-ratelimit-reset");
  if (!remaining || !reset) return;
  auto left = parse_int(*remaining);
  auto epoch_s = parse_int(*reset);
  if (!left || !epoch_s) return;
  const auto wait = *epoch_s * 1000 - clock_.now_unix_ms();
  if (wait < 0 || wait > max_reset_wait_ms) return;
  limiter.observe_window(*left, clock_.monotonic_ms() + wait, grant);
}

}  // namespace leadflow::engine
