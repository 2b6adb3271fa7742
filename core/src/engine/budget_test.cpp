// The credit budget: reservations before sending, settlement after, waiting while others may
// release credits, and refusal once nothing can — never spending past a cap.
#include "engine/budget.hpp"

#include <doctest/doctest.h>

using namespace leadflow::engine;

TEST_CASE("without caps every request is sent") {
  Budget budget(std::nullopt, {{"norbert", std::nullopt}});
  for (int i = 0; i < 1000; ++i) CHECK(budget.reserve(0, 1, 0) == Budget::Decision::send);
  CHECK_FALSE(budget.exhausted());
}

TEST_CASE("free requests never touch the budget") {
  Budget budget(0.5, {{"norbert", std::nullopt}});
  CHECK(budget.reserve(0, 0, 0) == Budget::Decision::send);
  CHECK(budget.reserve(0, 1, 0) == Budget::Decision::refuse);
  CHECK(budget.reserve(0, 0, 0) == Budget::Decision::send);
}

TEST_CASE("a run cap of N credits admits N one-credit requests, then refuses and says why") {
  Budget budget(3, {{"norbert", std::nullopt}});
  for (int i = 0; i < 3; ++i) {
    REQUIRE(budget.reserve(0, 1, 0) == Budget::Decision::send);
    budget.settle(0, 1, 1);
  }
  CHECK(budget.reserve(0, 1, 0) == Budget::Decision::refuse);
  REQUIRE(budget.refusal());
  CHECK(*budget.refusal() == "the run's budget of 3 credits is spent (3 spent, 1 more needed)");
  CHECK(budget.spent() == 3);
}

TEST_CASE("a request waits while others hold reservations that may come back unspent") {
  Budget budget(2, {{"norbert", std::nullopt}});
  REQUIRE(budget.reserve(0, 1, 0) == Budget::Decision::send);
  REQUIRE(budget.reserve(0, 1, 0) == Budget::Decision::send);
  CHECK(budget.reserve(0, 1, 0) == Budget::Decision::wait);
  int retried = 0;
  budget.wait([&] { ++retried; });
  budget.settle(0, 1, 0);  // not found: nothing charged
  CHECK(retried == 1);
  CHECK(budget.reserve(0, 1, 0) == Budget::Decision::send);
  CHECK_FALSE(budget.exhausted());
}

TEST_CASE("an operation never waits for its own reservation") {
  Budget budget(1, {{"norbert", std::nullopt}});
  REQUIRE(budget.reserve(0, 1, 0) == Budget::Decision::send);
  CHECK(budget.reserve(0, 1, 1) == Budget::Decision::refuse);
}

TEST_CASE("a provider cap binds that provider only") {
  Budget budget(std::nullopt, {{"norbert", 1.0}, {"snov", std::nullopt}});
  REQUIRE(budget.reserve(0, 1, 0) == Budget::Decision::send);
  budget.settle(0, 1, 1);
  CHECK(budget.reserve(0, 1, 0) == Budget::Decision::refuse);
  CHECK(*budget.refusal() == "provider 'norbert' budget of 1 credits is spent (1 spent, 1 more needed)");
  CHECK(budget.reserve(1, 1, 0) == Budget::Decision::refuse);  // the run is stopping: nothing new anywhere
}

TEST_CASE("a batch's cost is reserved whole: a batch that does not fit is refused, not split") {
  Budget budget(10, {{"dropcontact", std::nullopt}});
  REQUIRE(budget.reserve(0, 8, 0) == Budget::Decision::send);
  budget.settle(0, 8, 8);
  CHECK(budget.reserve(0, 5, 0) == Budget::Decision::refuse);
  CHECK(budget.spent() == 8);
}
