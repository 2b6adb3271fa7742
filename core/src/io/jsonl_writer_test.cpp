// JSONL shaping: with no columns the record goes out whole; with columns each line holds exactly
// those keys, renamed, with their JSON values, nested objects and all.
#include "io/jsonl_writer.hpp"

#include <sstream>

#include <doctest/doctest.h>

using namespace leadflow::io;

namespace {

std::string write_jsonl(const std::vector<OutputColumn>& columns, const std::vector<Record>& records) {
  std::ostringstream out;
  auto writer = open_writer(out, Format::jsonl, columns, WriterOptions{});
  for (const auto& record : records) writer->write(record);
  writer->finish();
  return out.str();
}

const Record lead = Record::parse(
    R"({"name":"=Ada","domain":"example.com","find":{"email":"ada@example.com","confidence":97,
        "raw":{"score":97,"sources":["web"]}},"verify":{"status":"deliverable","flags":{"catch_all":false}}})");

}  // namespace

TEST_CASE("with no columns the record is written whole, formulas and all") {
  CHECK(write_jsonl({}, {lead}) == lead.dump() + "\n");
}

TEST_CASE("chosen columns are written in their order under their header names, values kept as JSON") {
  CHECK(write_jsonl({{"email", "find.email"}, {"confidence", "find.confidence"}, {"catch_all", "verify.flags.catch_all"}},
                    {lead}) == R"({"email":"ada@example.com","confidence":97,"catch_all":false})"
                               "\n");
}

TEST_CASE("a dotted header name is one flat key, not a nested object") {
  CHECK(write_jsonl({{"find.email", "find.email"}}, {lead}) == R"({"find.email":"ada@example.com"})"
                                                               "\n");
}

TEST_CASE("a column whose path names an object keeps the nested structure") {
  CHECK(write_jsonl({{"find", "find"}}, {lead}) ==
        R"({"find":{"email":"ada@example.com","confidence":97,"raw":{"score":97,"sources":["web"]}}})"
        "\n");
}

TEST_CASE("a path the record lacks is written as null, so every line has the same keys") {
  CHECK(write_jsonl({{"email", "find.email"}, {"phone", "enrich.phone"}},
                    {lead, Record::parse(R"({"find":{"email":null}})")}) ==
        "{\"email\":\"ada@example.com\",\"phone\":null}\n{\"email\":null,\"phone\":null}\n");
}

TEST_CASE("JSONL text is never neutralised, whatever the options") {
  CHECK(write_jsonl({{"name", "name"}}, {lead}) == "{\"name\":\"=Ada\"}\n");
}

TEST_CASE("two JSONL columns with the same header name are refused with the name") {
  std::ostringstream out;
  try {
    open_writer(out, Format::jsonl, {{"email", "find.email"}, {"email", "email"}}, WriterOptions{});
    FAIL("expected io::Error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()) ==
          "two output columns are named \"email\"; a JSONL line can hold only one of them, so rename one");
  }
}

TEST_CASE("the name-only overload still writes JSONL records whole, ignoring the names") {
  std::ostringstream out;
  auto writer = open_writer(out, Format::jsonl, std::vector<std::string>{"email", "email"});
  writer->write(lead);
  writer->finish();
  CHECK(out.str() == lead.dump() + "\n");
}
