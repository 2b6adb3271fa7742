#include "cli/progress_reporter.hpp"

#include <doctest/doctest.h>

using namespace leadflow::cli;

TEST_CASE("the progress line shows done/total, rate, outcomes, credits and an ETA") {
  ProgressSnapshot s{25, 100, 20, 3, 2, 20};
  auto line = format_progress(s, std::chrono::seconds(5));
  CHECK(line == "25/100 rows · 5.0 rows/s · found 20 · not found 3 · failed 2 · 20 credits · ETA 15s");
}

TEST_CASE("without a known total the progress line has no ETA") {
  ProgressSnapshot s{10, std::nullopt, 1, 0, 0, 0.5};
  auto line = format_progress(s, std::chrono::seconds(2));
  CHECK(line == "10 rows · 5.0 rows/s · found 1 · not found 0 · failed 0 · 0.5 credits");
}
