// The simulated provider's record of what it charged.
#include <leadflow/sandbox/credit_ledger.hpp>

#include <doctest/doctest.h>

using namespace leadflow::sandbox;

TEST_CASE("charges add up per account and are listed with their virtual time") {
  const ScaledClock clock(1.0, 0, [] { return std::int64_t{5000}; });
  CreditLedger ledger(clock);
  ledger.charge("a", "search", "17", 1);
  ledger.charge("b", "verify", "x@y.example", 2);
  CHECK(ledger.total() == 3);
  CHECK(ledger.total_for("a") == 1);
  CHECK(ledger.charged("a", "17"));
  CHECK_FALSE(ledger.charged("b", "17"));
  const auto json = ledger.to_json();
  CHECK(json["total"] == 3);
  CHECK(json["entries"][1]["operation"] == "verify");
  CHECK(json["entries"][1]["key"] == "x@y.example");
  CHECK(json["entries"][1]["at_ms"] == 5000);
}

TEST_CASE("charge_once never charges the same key twice") {
  const ScaledClock clock;
  CreditLedger ledger(clock);
  CHECK(ledger.charge_once("a", "search", "17", 1));
  CHECK_FALSE(ledger.charge_once("a", "search", "17", 1));
  CHECK(ledger.total() == 1);
  ledger.reset();
  CHECK(ledger.total() == 0);
  CHECK(ledger.entries().empty());
}
