// The host's request policy; see request_sender.hpp.
#include "engine/request_sender.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

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

}  // namespace

struct RequestSender::Exchange {
  ProviderRuntime& provider;
  plugin::HttpAction action;
  std::function<void(plugin::Event)> done;
  int attempts = 0;          // sends so far
  int failures = 0;          // transport errors and 5xx so far (drives backoff)
  int throttled = 0;         // 429s so far
  std::int64_t throttle_waited_ms = 0;
};

RequestSender::RequestSender(boost::asio::io_context& io, http::Client& client, const EngineClock& clock, RetryPolicy policy)
    : io_(io), client_(client), clock_(clock), policy_(policy), jitter_(std::random_device{}()) {}

void RequestSender::send(ProviderRuntime& provider, plugin::HttpAction action, std::function<void(plugin::Event)> done) {
  attempt(std::make_shared<Exchange>(Exchange{provider, std::move(action), std::move(done)}));
}

void RequestSender::attempt(std::shared_ptr<Exchange> exchange) {
  exchange->provider.limiter(exchange->action.rate_limit_key).acquire([this, exchange] {
    http::Request request;
    request.method = exchange->action.method;
    request.url = exchange->action.url;
    for (const auto& [name, value] : exchange->action.headers) request.headers.push_back({name, value});
    request.body = exchange->action.body;
    if (exchange->action.timeout_ms > 0)
      request.timeout = std::chrono::milliseconds(exchange->action.timeout_ms);
    else
      request.timeout = policy_.default_timeout;
    ++exchange->attempts;
    ++exchange->provider.stats.requests;
    client_.send(std::move(request), [this, exchange](http::Result result) { on_result(exchange, std::move(result)); });
  });
}

void RequestSender::on_result(std::shared_ptr<Exchange> exchange, http::Result result) {
  auto& provider = exchange->provider;
  const bool may_retry = exchange->action.idempotent && exchange->attempts < policy_.max_attempts;

  if (auto* error = std::get_if<http::Error>(&result)) {
    if (may_retry && error->kind != http::ErrorKind::refused) {
      ++provider.stats.retries;
      return retry_after(exchange, backoff_ms(++exchange->failures));
    }
    plugin::Event event;
    event.kind = plugin::EventKind::http_error;
    event.transport_error = transport_kind(error->kind);
    event.error_message = error->message;
    event.attempts = static_cast<std::uint32_t>(exchange->attempts);
    return exchange->done(std::move(event));
  }

  auto& response = std::get<http::Response>(result);
  observe_rate_headers(provider, exchange->action.rate_limit_key, response);

  if (response.status == 429 && exchange->throttle_waited_ms < policy_.max_throttle_wait_ms) {
    // Not processed by the provider, so resending is safe whatever the method.
    ++provider.stats.throttled;
    const auto wait = throttle_wait_ms(response, exchange->throttled++);
    exchange->throttle_waited_ms += wait;
    provider.limiter(exchange->action.rate_limit_key).hold_until(clock_.monotonic_ms() + wait);
    return attempt(exchange);
  }
  if (response.status >= 500 && may_retry) {
    ++provider.stats.retries;
    return retry_after(exchange, backoff_ms(++exchange->failures));
  }

  plugin::Event event;
  event.kind = plugin::EventKind::http_response;
  event.http_status = response.status;
  for (auto& h : response.headers) event.headers.emplace_back(std::move(h.name), std::move(h.value));
  event.body = std::move(response.body);
  event.attempts = static_cast<std::uint32_t>(exchange->attempts);
  exchange->done(std::move(event));
}

void RequestSender::retry_after(std::shared_ptr<Exchange> exchange, std::int64_t wait_ms) {
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, clock_.real_duration(wait_ms));
  timer->async_wait([this, exchange, timer](const boost::system::error_code&) { attempt(exchange); });
}

// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in
// [0, min(cap, base * 2^attempt)], which spreads retries of many operations apart.
std::int64_t RequestSender::backoff_ms(int attempt) {
  const auto ceiling = std::min<double>(static_cast<double>(policy_.backoff_cap_ms),
                                        static_cast<double>(policy_.backoff_base_ms) * std::pow(2.0, attempt - 1));
  return std::uniform_int_distribution<std::int64_t>(0, static_cast<std::int64_t>(ceiling))(jitter_);
}

std::int64_t RequestSender::throttle_wait_ms(const http::Response& response, int throttled_so_far) {
  if (auto value = response.header("retry-after"))
    if (auto ms = retry_after_ms(*value, clock_.now_unix_ms())) return std::max<std::int64_t>(*ms, 1);
  if (auto reset = response.header("x-ratelimit-reset"))
    if (auto epoch_s = parse_int(*reset)) {
      const auto wait = *epoch_s * 1000 - clock_.now_unix_ms();
      if (wait > 0 && wait <= 24 * 3600 * 1000LL) return wait;
    }
  // The provider gave no hint: back off exponentially, starting at one second.
  return std::min<std::int64_t>(60'000, 1000LL << std::min(throttled_so_far, 6));
}

// "X-RateLimit-Remaining: 0" announces the 429 the next request would get: hold the class
// until the announced reset instead of spending a request to learn it.
void RequestSender::observe_rate_headers(ProviderRuntime& provider, std::string_view rate_key, const http::Response& response) {
  auto remaining = response.header("x-ratelimit-remaining");
  auto reset = response.header("x-ratelimit-reset");
  if (!remaining || !reset) return;
  auto left = parse_int(*remaining);
  auto epoch_s = parse_int(*reset);
  if (!left || !epoch_s || *left > 0) return;
  const auto wait = *epoch_s * 1000 - clock_.now_unix_ms();
  if (wait > 0 && wait <= 24 * 3600 * 1000LL) provider.limiter(rate_key).hold_until(clock_.monotonic_ms() + wait);
}

}  // namespace leadflow::engine
