// A token bucket for one provider rate-limit class (e.g. VoilaNorbert's "search_name": 300 per
// minute and 100,000 per day), shared by every operation that uses that provider account, plus
// the provider's own word: the X-RateLimit-Remaining/Reset of its answers (at most that many
// more requests before the reset), Retry-After after a 429 (nothing before then), and an
// optional cap on requests of the class in flight at once.
#pragma once

#include "engine/engine_clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::engine {

struct RateLimitSpec {
  std::optional<double> per_second, per_minute, per_hour, per_day;
  std::optional<int> burst;
  std::optional<int> max_in_flight;  // requests of the class sent and not yet answered
};

// THREAD: the engine's event-loop thread only.
class RateLimiter {
 public:
  using Ticket = std::uint64_t;

  RateLimiter(boost::asio::io_context& io, const EngineClock& clock, RateLimitSpec spec);

  // Calls `ready` (posted on the event loop) once a request of this class may be sent; FIFO.
  // From then on the request counts as in flight until release(). `ready` receives the grant's
  // sequence number, for observe_window.
  Ticket acquire(std::function<void(std::uint64_t grant)> ready);
  Ticket acquire(std::function<void()> ready);
  // Takes back a request still waiting; false when it was already granted.
  bool withdraw(Ticket ticket);
  // A granted request was answered or failed.
  void release();

  // No request of this class leaves before provider-monotonic time `until_ms`.
  void hold_until(std::int64_t until_ms);
  // The provider's count for its current window, read from the answer to the request granted as
  // `grant`: `remaining` more requests before provider-monotonic time `reset_ms`. Requests
  // granted after that one may not be in the provider's count yet: they are taken off it.
  void observe_window(std::int64_t remaining, std::int64_t reset_ms, std::uint64_t grant);

  const RateLimitSpec& spec() const { return spec_; }
  std::size_t waiting() const { return waiters_.size(); }
  int in_flight() const { return in_flight_; }

 private:
  struct Bucket {
    double capacity;
    double tokens;
    double per_ms;  // refill rate
  };
  struct Waiter {
    Ticket ticket;
    std::function<void(std::uint64_t)> ready;
  };
  struct ProviderWindow {
    std::int64_t remaining;
    std::int64_t reset_ms;
  };

  void drain();
  void refill(std::int64_t now);
  std::int64_t wait_for_token_ms() const;
  // How long the provider's own word keeps requests back (0: it does not).
  std::int64_t provider_wait_ms(std::int64_t now);
  void arm(std::int64_t wait_ms);

  boost::asio::io_context& io_;
  const EngineClock& clock_;
  RateLimitSpec spec_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;
  std::vector<Bucket> buckets_;
  std::int64_t last_refill_ms_;
  std::int64_t hold_until_ms_ = 0;
  std::optional<ProviderWindow> window_;
  int in_flight_ = 0;
  std::uint64_t granted_ = 0;
  Ticket next_ticket_ = 1;
  std::deque<Waiter> waiters_;
};

}  // namespace leadflow::engine
