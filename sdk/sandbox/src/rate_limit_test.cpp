// Fixed windows in virtual time and the X-RateLimit-* values a provider sends.
#include <leadflow/sandbox/rate_limit.hpp>

#include <doctest/doctest.h>

using namespace leadflow::sandbox;

namespace {
struct Fixture {
  explicit Fixture(bool refuse_over_limit = true) : limits(clock, refuse_over_limit) {}
  std::int64_t now_ms = 1'699'999'980'000;  // a whole minute (28333333 min)
  ScaledClock clock{1.0, 0, [this] { return now_ms; }};
  RateLimit limits;
};
}  // namespace

TEST_CASE("a per-minute window refuses the request over the limit until the next minute") {
  Fixture f;
  f.limits.define("default", {RateWindow::per_minute(3)});
  for (int i = 0; i < 3; ++i) CHECK(f.limits.check("acct", "default").allowed);
  f.now_ms += 20'000;
  const auto refused = f.limits.check("acct", "default");
  CHECK_FALSE(refused.allowed);
  CHECK(refused.remaining == 0);
  CHECK(refused.reset_epoch_s == 1'700'000'040);
  CHECK(refused.retry_after_s == 40);
  f.now_ms += 40'000;
  CHECK(f.limits.check("acct", "default").allowed);
}

TEST_CASE("headers describe the tightest window and count down") {
  Fixture f;
  f.limits.define("search", {RateWindow::per_minute(300), RateWindow::per_day(100'000)});
  const auto first = f.limits.check("acct", "search");
  CHECK(first.limit == 300);
  CHECK(first.remaining == 299);
  Response response;
  first.add_headers(response);
  CHECK(response.header("X-RateLimit-Limit") == "300");
  CHECK(response.header("X-RateLimit-Remaining") == "299");
  CHECK(response.header("X-RateLimit-Reset") == "1700000040");
}

TEST_CASE("the day window refuses even when the minute window has room") {
  Fixture f;
  f.limits.define("search", {RateWindow::per_minute(5), RateWindow::per_day(7)});
  for (int i = 0; i < 5; ++i) CHECK(f.limits.check("acct", "search").allowed);
  f.now_ms += 60'000;
  CHECK(f.limits.check("acct", "search").allowed);
  CHECK(f.limits.check("acct", "search").allowed);
  const auto refused = f.limits.check("acct", "search");
  CHECK_FALSE(refused.allowed);
  CHECK(refused.limit == 7);
}

TEST_CASE("a refused request does not use up the next window, and accounts and classes are separate") {
  Fixture f;
  f.limits.define("default", {RateWindow::per_second(1)});
  CHECK(f.limits.check("a", "default").allowed);
  CHECK_FALSE(f.limits.check("a", "default").allowed);
  CHECK(f.limits.check("b", "default").allowed);
  CHECK(f.limits.check("a", "undefined-class").allowed);
  f.now_ms += 1000;
  CHECK(f.limits.check("a", "default").remaining == 0);
}

TEST_CASE("reset forgets all usage") {
  Fixture f;
  f.limits.define("default", {RateWindow::per_minute(1)});
  CHECK(f.limits.check("a", "default").allowed);
  f.limits.reset();
  CHECK(f.limits.check("a", "default").allowed);
}

TEST_CASE("with refusing turned off nothing is refused and no limit is announced, but usage is counted") {
  Fixture f(false);
  f.limits.define("default", {RateWindow::per_minute(2)});
  for (int i = 0; i < 5; ++i) CHECK(f.limits.check("acct", "default").allowed);
  const auto over = f.limits.check("acct", "default");
  CHECK(over.allowed);
  CHECK(over.limit == 2);
  CHECK(over.remaining == 0);
  CHECK(over.reset_epoch_s == 1'700'000'040);
  CHECK(over.retry_after_s == 0);
  CHECK_FALSE(over.limited);  // no X-RateLimit-* headers: a client must not wait for a limit that is not enforced
  CHECK(f.limits.stats()["default"]["allowed"] == 6);
  CHECK(f.limits.stats()["default"]["refused"] == 0);
  f.now_ms += 60'000;
  CHECK(f.limits.check("acct", "default").remaining == 1);
}

TEST_CASE("statistics count allowed and refused requests per class across accounts, with first and last times") {
  Fixture f;
  f.limits.define("search", {RateWindow::per_second(1)});
  f.limits.define("idle", {RateWindow::per_second(1)});
  const auto start = f.now_ms;
  f.limits.check("a", "search");
  f.limits.check("a", "search");  // refused
  f.now_ms += 250;
  f.limits.check("b", "search");
  f.limits.check("a", "unlimited");
  const auto stats = f.limits.stats();
  CHECK(stats["search"] == nlohmann::json({{"allowed", 2}, {"refused", 1}, {"first_ms", start}, {"last_ms", start + 250}}));
  CHECK(stats["unlimited"]["allowed"] == 1);
  CHECK(stats["idle"] == nlohmann::json({{"allowed", 0}, {"refused", 0}, {"first_ms", nullptr}, {"last_ms", nullptr}}));
  f.limits.reset();
  CHECK(f.limits.stats()["search"]["allowed"] == 0);
  CHECK_FALSE(f.limits.stats().contains("unlimited"));
}
