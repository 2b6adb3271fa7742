// Token buckets over the engine clock; see rate_limiter.hpp.
//
// Bucket sizes: a per-second or per-minute limit gets a small burst (one second's worth, or the
// manifest's `burst`), so requests flow evenly instead of spending a minute's allowance in the
// first instant and meeting the provider's window edge with a 429. An hourly or daily limit is
// a quota, not a pace, so its bucket holds the whole allowance.
#include "engine/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include <boost/asio/post.hpp>

namespace leadflow::engine {
namespace {

struct Window {
  std::optional<double> RateLimitSpec::*limit;
  double seconds;
  bool is_quota;
};

constexpr Window windows[] = {
    {&RateLimitSpec::per_second, 1, false},
    {&RateLimitSpec::per_minute, 60, false},
    {&RateLimitSpec::per_hour, 3600, true},
    {&RateLimitSpec::per_day, 86400, true},
};

// A provider's clock and ours differ a little: after its window resets, wait this much more.
constexpr std::int64_t reset_margin_ms = 250;

}  // namespace

RateLimiter::RateLimiter(boost::asio::io_context& io, const EngineClock& clock, RateLimitSpec spec)
    : io_(io), clock_(clock), spec_(spec), timer_(io), last_refill_ms_(clock.monotonic_ms()) {
  for (const auto& w : windows) {
    const auto& limit = spec.*(w.limit);
    if (!limit || *limit <= 0) continue;
    double capacity = w.is_quota ? *limit : std::max(1.0, std::ceil(*limit / w.seconds));
    if (spec.burst && !w.is_quota) capacity = std::max(1, *spec.burst);
    buckets_.push_back({capacity, capacity, *limit / (w.seconds * 1000.0)});
  }
}

RateLimiter::Ticket RateLimiter::acquire(std::function<void()> ready) {
  return acquire([ready = std::move(ready)](std::uint64_t) { ready(); });
}

RateLimiter::Ticket RateLimiter::acquire(std::function<void(std::uint64_t grant)> ready) {
  const auto ticket = next_ticket_++;
  waiters_.push_back({ticket, std::move(ready)});
  drain();
  return ticket;
}

bool RateLimiter::withdraw(Ticket ticket) {
  auto it = std::find_if(waiters_.begin(), waiters_.end(), [ticket](const Waiter& w) { return w.ticket == ticket; });
  if (it == waiters_.end()) return false;
  waiters_.erase(it);
  return true;
}

void RateLimiter::release() {
  if (in_flight_ > 0) --in_flight_;
  if (spec_.max_in_flight) drain();
}

void RateLimiter::hold_until(std::int64_t until_ms) { hold_until_ms_ = std::max(hold_until_ms_, until_ms); }

void RateLimiter::observe_window(std::int64_t remaining, std::int64_t reset_ms, std::uint64_t grant) {
  const auto sent_since = static_cast<std::int64_t>(granted_ - std::min(grant, granted_));
  const auto left = std::max<std::int64_t>(0, remaining - sent_since);
  if (!window_ || reset_ms > window_->reset_ms)
    window_ = ProviderWindow{left, reset_ms};
  else if (reset_ms == window_->reset_ms)
    window_->remaining = std::min(window_->remaining, left);
}

void RateLimiter::refill(std::int64_t now) {
  const double elapsed = static_cast<double>(now - last_refill_ms_);
  last_refill_ms_ = now;
  for (auto& b : buckets_) b.tokens = std::min(b.capacity, b.tokens + elapsed * b.per_ms);
}

std::int64_t RateLimiter::wait_for_token_ms() const {
  double wait = 0;
  for (const auto& b : buckets_)
    if (b.tokens < 1.0) wait = std::max(wait, (1.0 - b.tokens) / b.per_ms);
  return static_cast<std::int64_t>(std::ceil(wait));
}

std::int64_t RateLimiter::provider_wait_ms(std::int64_t now) {
  if (now < hold_until_ms_) return hold_until_ms_ - now;
  if (window_ && now >= window_->reset_ms + reset_margin_ms) window_.reset();
  if (window_ && window_->remaining <= 0) return window_->reset_ms + reset_margin_ms - now;
  return 0;
}

void RateLimiter::drain() {
  while (!waiters_.empty()) {
    if (spec_.max_in_flight && in_flight_ >= *spec_.max_in_flight) return;  // release() drains again
    const auto now = clock_.monotonic_ms();
    refill(now);
    if (auto wait = provider_wait_ms(now); wait > 0) return arm(wait);
    if (auto wait = wait_for_token_ms(); wait > 0) return arm(wait);
    for (auto& b : buckets_) b.tokens -= 1.0;
    if (window_) --window_->remaining;
    ++in_flight_;
    boost::asio::post(io_, [ready = std::move(waiters_.front().ready), grant = ++granted_] { ready(grant); });
    waiters_.pop_front();
  }
}

void RateLimiter::arm(std::int64_t wait_ms) {
  if (timer_armed_) return;
  timer_armed_ = true;
  timer_.expires_after(std::max(clock_.real_duration(wait_ms), std::chrono::microseconds(100)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    timer_armed_ = false;
    if (!ec) drain();
  });
}

}  // namespace leadflow::engine
