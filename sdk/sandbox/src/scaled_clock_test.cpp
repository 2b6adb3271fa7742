// Virtual time arithmetic shared with the host: anchor + (real - anchor) * scale.
#include <leadflow/sandbox/scaled_clock.hpp>

#include <doctest/doctest.h>

#include <stdexcept>

using namespace leadflow::sandbox;

TEST_CASE("virtual time runs scale times faster from the anchor") {
  std::int64_t real = 1'000'000;
  const ScaledClock clock(60.0, 1'000'000, [&] { return real; });
  CHECK(clock.virtual_now_ms() == 1'000'000);
  real += 1000;  // one real second
  CHECK(clock.virtual_now_ms() == 1'060'000);
  CHECK(clock.virtual_now_s() == 1060);
}

TEST_CASE("an anchor in the past counts the time since then at the scale") {
  const ScaledClock clock(10.0, 5'000, [] { return std::int64_t{6'000}; });
  CHECK(clock.virtual_now_ms() == 5'000 + 10'000);
}

TEST_CASE("scale 1 is real time") {
  const ScaledClock clock(1.0, 42, [] { return std::int64_t{123'456}; });
  CHECK(clock.virtual_now_ms() == 123'456);
}

TEST_CASE("a virtual wait takes scale times less real time") {
  const ScaledClock clock(100.0, 0, [] { return std::int64_t{0}; });
  CHECK(clock.real_duration(40'000) == std::chrono::milliseconds(400));
  CHECK(clock.real_duration(-5) == std::chrono::microseconds(0));
}

TEST_CASE("a zero or negative scale is refused") {
  CHECK_THROWS_AS(ScaledClock(0.0), std::invalid_argument);
  CHECK_THROWS_AS(ScaledClock(-2.0), std::invalid_argument);
}
