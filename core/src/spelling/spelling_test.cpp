// "Did you mean" suggestions for misspelt keys and names.
#include "spelling/spelling.hpp"

#include <doctest/doctest.h>

using namespace leadflow::spelling;

TEST_CASE("a one-letter typo, a missing letter and swapped letters each cost one edit") {
  CHECK(edit_distance("capabilty", "capability") == 1);
  CHECK(edit_distance("provdier", "provider") == 1);
  CHECK(edit_distance("inptu", "input") == 1);
  CHECK(edit_distance("Steps", "steps") == 0);
}

TEST_CASE("the closest plausible key is suggested") {
  const std::vector<std::string> keys{"id", "capability", "provider", "input"};
  CHECK(closest_match("capabilty", keys) == "capability");
  CHECK(closest_match("provider_name", keys) == std::nullopt);
  CHECK(did_you_mean_hint("capabilty", keys) == "did you mean 'capability'?");
}

TEST_CASE("a word close to nothing lists what is expected") {
  CHECK(did_you_mean_hint("xml", {"csv", "jsonl"}) == "expected one of: csv, jsonl");
}
