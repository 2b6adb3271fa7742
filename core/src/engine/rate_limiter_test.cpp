#include "engine/rate_limiter.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <vector>

using namespace leadflow::engine;

namespace {

// Runs `count` acquisitions through a limiter and returns the provider-time instant of each.
std::vector<std::int64_t> grant_times(const EngineClock& clock, RateLimitSpec spec, int count,
                                      std::function<void(RateLimiter&)> before = {}) {
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, spec);
  if (before) before(limiter);
  std::vector<std::int64_t> granted;
  for (int i = 0; i < count; ++i) limiter.acquire([&] { granted.push_back(clock.monotonic_ms()); });
  io.run();
  return granted;
}

}  // namespace

TEST_CASE("a per-minute limit spaces requests evenly instead of bursting the whole minute") {
  EngineClock clock(200);  // one provider minute takes 0.3 real seconds
  auto times = grant_times(clock, {.per_minute = 120}, 21);
  REQUIRE(times.size() == 21);
  // 120/min allows a burst of 2 (one second's worth), then one every 500 ms of provider time.
  const auto span = times.back() - times.front();
  CHECK(span >= 19 * 500 - 50);
  CHECK(span <= 3 * 19 * 500);  // generous: a loaded machine only makes timers late
}

TEST_CASE("a daily quota does not slow requests down while it lasts") {
  EngineClock clock(1);
  auto times = grant_times(clock, {.per_day = 1000}, 50);
  REQUIRE(times.size() == 50);
  CHECK(times.back() - times.front() < 100);
}

TEST_CASE("the tightest of several windows wins") {
  EngineClock clock(200);
  auto times = grant_times(clock, {.per_second = 100, .per_minute = 60, .per_day = 100000}, 11);
  REQUIRE(times.size() == 11);
  CHECK(times.back() - times.front() >= 9 * 1000 - 50);  // 60/min: one a second after a burst of 1
}

TEST_CASE("after hold_until nothing is granted before the provider's deadline") {
  EngineClock clock(100);
  auto times = grant_times(clock, {.per_second = 1000}, 3, [&](RateLimiter& limiter) { limiter.hold_until(clock.monotonic_ms() + 5000); });
  REQUIRE(times.size() == 3);
  CHECK(times.front() >= 5000 - 20);
}

TEST_CASE("waiters are granted in the order they asked") {
  EngineClock clock(5000);
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, {.per_minute = 600});
  std::vector<int> order;
  for (int i = 0; i < 20; ++i) limiter.acquire([&order, i] { order.push_back(i); });
  io.run();
  REQUIRE(order.size() == 20);
  for (int i = 0; i < 20; ++i) CHECK(order[i] == i);
}

TEST_CASE("the provider's remaining count is spent, then nothing leaves before its reset") {
  EngineClock clock(100);
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, {.per_second = 1000});
  const auto reset = clock.monotonic_ms() + 3000;
  limiter.observe_window(2, reset, 0);
  std::vector<std::int64_t> granted;
  for (int i = 0; i < 3; ++i)
    limiter.acquire([&] {
      granted.push_back(clock.monotonic_ms());
      limiter.release();
    });
  io.run();
  REQUIRE(granted.size() == 3);
  CHECK(granted[1] < reset);
  CHECK(granted[2] >= reset);  // the third waited for the provider's window to reset
}

TEST_CASE("requests granted after the answered one are taken off the provider's remaining count") {
  EngineClock clock(100);
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, {.per_second = 1000});
  int granted = 0;
  for (int i = 0; i < 3; ++i) limiter.acquire([&] { ++granted; });  // grants 1, 2, 3: all on the wire
  io.poll();
  REQUIRE(granted == 3);
  // The answer to grant 1 says "2 left": grants 2 and 3 left after it and may have used them.
  limiter.observe_window(2, clock.monotonic_ms() + 60'000, 1);
  limiter.acquire([&] { ++granted; });
  io.restart();
  io.poll();
  CHECK(granted == 3);
  CHECK(limiter.waiting() == 1);
}

TEST_CASE("an answer to the latest request counts nothing else against the provider's word") {
  EngineClock clock(100);
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, {.per_second = 1000});
  int granted = 0;
  for (int i = 0; i < 3; ++i) limiter.acquire([&] { ++granted; });
  io.poll();
  limiter.observe_window(1, clock.monotonic_ms() + 60'000, 3);  // the third one's answer: one more allowed
  for (int i = 0; i < 2; ++i) limiter.acquire([&] { ++granted; });
  io.restart();
  io.poll();
  CHECK(granted == 4);
  CHECK(limiter.waiting() == 1);
}

TEST_CASE("max_in_flight holds a request until an earlier one is answered") {
  EngineClock clock(1000);
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, {.max_in_flight = 2});
  int granted = 0;
  for (int i = 0; i < 3; ++i) limiter.acquire([&] { ++granted; });
  io.poll();
  CHECK(granted == 2);
  limiter.release();
  io.restart();
  io.poll();
  CHECK(granted == 3);
}

TEST_CASE("a waiting request can be withdrawn; a granted one cannot") {
  EngineClock clock(1);
  boost::asio::io_context io;
  RateLimiter limiter(io, clock, {.per_minute = 1});
  int granted = 0;
  const auto first = limiter.acquire([&] { ++granted; });
  const auto second = limiter.acquire([&] { ++granted; });
  CHECK(limiter.withdraw(second));
  CHECK_FALSE(limiter.withdraw(first));
  io.poll();
  CHECK(granted == 1);
  CHECK(limiter.waiting() == 0);
}
