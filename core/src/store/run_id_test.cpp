// Run ids: readable UTC time first, so ids sort by start time, then four hex digits.
#include "store/run_id.hpp"

#include <doctest/doctest.h>

#include <regex>

namespace leadflow::store {

TEST_CASE("a run id is the UTC start time then four hex digits") {
  // 2026-11-23 14:15:02 UTC
  const std::chrono::system_clock::time_point started{std::chrono::seconds(1795443302)};
  CHECK(format_run_id(started, 0x3f9a) == "20261123-141502-3f9a");
  CHECK(format_run_id(started, 0x12345) == "20261123-141502-2345");
  CHECK(format_run_id(started, 7) == "20261123-141502-0007");
}

TEST_CASE("a fresh run id has the documented shape") {
  const auto id = new_run_id(std::chrono::system_clock::now());
  CHECK(std::regex_match(id, std::regex("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}")));
}

}  // namespace leadflow::store
