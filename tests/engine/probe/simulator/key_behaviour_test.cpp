// The key grammar that lets a test choose the probe simulator's behaviour.
#include "key_behaviour.hpp"

#include <doctest/doctest.h>

using namespace leadflow::probe_sim;

TEST_CASE("a plain key is found and fails nothing") {
  const auto b = behaviour_of("k1");
  CHECK(b.found);
  CHECK_FALSE(b.rejected);
  CHECK_FALSE(b.fails_request(1));
  CHECK_FALSE(b.throttles_request(1));
  CHECK_FALSE(b.slow_job);
  CHECK(value_of("k1") == "v:k1");
}

TEST_CASE("nf-, bad- and slow- prefixes choose not found, rejected and a slow job") {
  CHECK_FALSE(behaviour_of("nf-1").found);
  CHECK(behaviour_of("bad-1").rejected);
  CHECK(behaviour_of("slow-1").slow_job);
  CHECK(behaviour_of("slow-1").found);
}

TEST_CASE("e5xx-N- fails the first N requests, e429-S- throttles the first request for S seconds") {
  const auto failing = behaviour_of("e5xx-2-x");
  CHECK(failing.fails_request(1));
  CHECK(failing.fails_request(2));
  CHECK_FALSE(failing.fails_request(3));
  const auto throttled = behaviour_of("e429-3-x");
  CHECK(throttled.throttles_request(1));
  CHECK_FALSE(throttled.throttles_request(2));
  CHECK(*throttled.retry_after_s == 3);
}

TEST_CASE("a malformed number makes a plain key") {
  for (const char* key : {"e5xx-x-1", "e5xx--1", "e5xx-3", "e429-1a-b", "e429-"}) {
    CAPTURE(key);
    const auto b = behaviour_of(key);
    CHECK_FALSE(b.fails_request(1));
    CHECK_FALSE(b.throttles_request(1));
    CHECK(b.found);
  }
}
