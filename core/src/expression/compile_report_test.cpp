// Reading jq 1.6's compile error reports: the message without jq's frame, and the byte it
// points at.
#include "expression/compile_report.hpp"

#include <doctest/doctest.h>

using namespace leadflow::expression;

TEST_CASE("the padding after the shown line gives the offset on a one-line program") {
  const auto report = read_compile_report("jq: error: foo/0 is not defined at <top-level>, line 1:\n.a | foo     ", ".a | foo");
  REQUIRE(report);
  CHECK(report->message == "foo/0 is not defined");
  CHECK(report->offset == 5);
}

TEST_CASE("an error on a later line is offset from that line's start") {
  const std::string program = ".a |\n .b | )";
  const auto report = read_compile_report(
      "jq: error: syntax error, unexpected INVALID_CHARACTER (Unix shell quoting issues?) at <top-level>, line 2:\n .b | )      ",
      program);
  REQUIRE(report);
  CHECK(report->message == "syntax error, unexpected INVALID_CHARACTER");
  CHECK(report->offset == program.find(')'));
}

TEST_CASE("jq's $end reads as the end of the expression") {
  const auto report = read_compile_report("jq: error: syntax error, unexpected $end (Unix shell quoting issues?) at <top-level>, line 1:\n.a | [1,       ", ".a | [1,");
  REQUIRE(report);
  CHECK(report->message == "syntax error, unexpected end of expression");
}

TEST_CASE("a report without a location has a message and no offset") {
  const auto report = read_compile_report("jq: error: something odd\n<unknown location>", ".");
  REQUIRE(report);
  CHECK(report->message == "something odd");
  CHECK_FALSE(report->offset);
}

TEST_CASE("the summary line is not an error of its own") {
  CHECK_FALSE(read_compile_report("jq: 2 compile errors", "."));
}
