// A token bucket for one provider rate-limit class (e.g. VoilaNorbert's "search_name": 300 per
// minute and 100,000 per day), shared by every operation that uses that provider account, plus
// the provider's own word: after a 429 or "X-RateLimit-Remaining: 0" every request of the class
// waits until the provider said it may go again.
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
};

// THREAD: the engine's event-loop thread only.
class RateLimiter {
 public:
  RateLimiter(boost::asio::io_context& io, const EngineClock& clock, RateLimitSpec spec);

  // Calls `ready` (posted on the event loop) once a request of this class may be sent. FIFO.
  void acquire(std::function<void()> ready);
  // No request of this class leaves before provider-monotonic time `until_ms`.
  void hold_until(std::int64_t until_ms);
  std::size_t waiting() const { return waiters_.size(); }

 private:
  struct Bucket {
    double capacity;
    double tokens;
    double per_ms;  // refill rate
  };

  void drain();
  void refill(std::int64_t now);
  std::int64_t wait_for_token_ms() const;
  void arm(std::int64_t wait_ms);

  boost::asio::io_context& io_;
  const EngineClock& clock_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;
  std::vector<Bucket> buckets_;
  std::int64_t last_refill_ms_;
  std::int64_t hold_until_ms_ = 0;
  std::deque<std::function<void()>> waiters_;
};

}  // namespace leadflow::engine
