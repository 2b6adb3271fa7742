// The RFC 4180 reader the job results go through.
#include <doctest/doctest.h>

#include "csv_table.hpp"

using leadflow::insideview::CsvError;
using leadflow::insideview::CsvTable;
using leadflow::insideview::parse_csv;

namespace {

CsvTable table_of(std::string_view text) {
  auto parsed = parse_csv(text);
  REQUIRE_MESSAGE(std::holds_alternative<CsvTable>(parsed), (std::holds_alternative<CsvError>(parsed) ? std::get<CsvError>(parsed).message : ""));
  return std::get<CsvTable>(parsed);
}

}  // namespace

TEST_CASE("cells are read by header name, quoted commas, doubled quotes and line breaks included") {
  const auto table = table_of("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\nbye\"\r\n");
  CHECK(table.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0]["a"] == "1");
  CHECK(table.rows[0]["b"] == "x, y");
  CHECK(table.rows[0]["c"] == "say \"hi\"\nbye");
}

TEST_CASE("LF and CRLF endings, blank lines and a missing final newline are all fine") {
  const auto table = table_of("a,b\n1,2\n\r\n3,4");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[1]["a"] == "3");
  CHECK(table.rows[1]["b"] == "4");
}

TEST_CASE("empty cells are kept as empty strings; short rows lack columns; long rows keep extras by position") {
  const auto table = table_of("a,b,c\n,,\n1\n1,2,3,4\n");
  REQUIRE(table.rows.size() == 3);
  CHECK(table.rows[0]["b"] == "");
  CHECK_FALSE(table.rows[1].contains("b"));
  CHECK(table.rows[2]["column_4"] == "4");
}

TEST_CASE("an unclosed quote and an empty file are errors") {
  CHECK(std::holds_alternative<CsvError>(parse_csv("a,b\n1,\"open\n")));
  CHECK(std::holds_alternative<CsvError>(parse_csv("")));
}
