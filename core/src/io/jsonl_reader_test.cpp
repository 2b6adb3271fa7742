// JSON Lines reading: one object per line, bad lines reported with the parser's reason and
// skipped over, line numbers that match what an editor shows.
#include "io/record_reader.hpp"

#include <sstream>

#include <doctest/doctest.h>

using namespace leadflow::io;

namespace {

std::unique_ptr<RecordReader> jsonl(std::string text) {
  return open_reader(std::make_unique<std::istringstream>(std::move(text)), Format::jsonl, "leads.jsonl");
}

std::vector<InputRow> read_all(RecordReader& reader) {
  std::vector<InputRow> rows;
  InputRow row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("each line is one object and keeps its key order") {
  auto reader = jsonl("{\"last\":\"Lovelace\",\"first\":\"Ada\",\"tags\":[1,2]}\n{\"last\":\"Hopper\"}\n");
  CHECK(reader->columns() == std::vector<std::string>{"last", "first", "tags"});
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields.dump() == R"({"last":"Lovelace","first":"Ada","tags":[1,2]})");
  CHECK(rows[1].index == 2);
  CHECK(rows[1].line == 2);
}

TEST_CASE("a malformed line is reported with the parser's message and the next line is read") {
  auto reader = jsonl("{\"email\":\"a@example.com\"}\n{\"email\": oops}\n{\"email\":\"b@example.com\"}\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].fields == Record::object());
  CHECK(rows[1].error.starts_with("the line is not valid JSON (parse error at column 11: syntax error"));
  CHECK(rows[1].error.find("json.exception") == std::string::npos);
  CHECK(rows[2].error.empty());
  CHECK(rows[2].fields["email"] == "b@example.com");
}

TEST_CASE("a line that is valid JSON but not an object is malformed") {
  auto reader = jsonl("[1,2]\n\"text\"\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].error.starts_with("the line holds an array, not a JSON object"));
  CHECK(rows[1].error.starts_with("the line holds a string, not a JSON object"));
  CHECK(rows[0].fields == Record::object());
}

TEST_CASE("blank lines are skipped but still count for line numbers") {
  auto reader = jsonl("\n{\"a\":1}\n   \n\n{\"a\":2}\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 2);
  CHECK(rows[1].index == 2);
  CHECK(rows[1].line == 5);
}

TEST_CASE("CRLF line ends and a byte order mark are accepted") {
  auto reader = jsonl("\xEF\xBB\xBF{\"a\":1}\r\n{\"a\":2}\r\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].error.empty());
  CHECK(rows[1].fields["a"] == 2);
}

TEST_CASE("columns come from the first valid object even after malformed lines, which are still returned") {
  auto reader = jsonl("not json\n{\"email\":\"a@example.com\",\"name\":\"Ada\"}\n");
  CHECK(reader->columns() == std::vector<std::string>{"email", "name"});
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].error.empty());
  CHECK(rows[0].line == 1);
  CHECK(rows[1].line == 2);
  CHECK(rows[1].index == 2);
}

TEST_CASE("an empty JSONL input has no columns and no rows") {
  auto reader = jsonl("");
  CHECK(reader->columns().empty());
  InputRow row;
  CHECK_FALSE(reader->next(row));
}
