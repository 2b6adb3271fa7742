// CSV reading as real exports need it: exact line numbers, lenient where spreadsheets are
// sloppy, malformed rows reported without stopping, and memory that does not grow with the file.
#include "io/record_reader.hpp"

#include <sstream>
#include <streambuf>

#include <doctest/doctest.h>

using namespace leadflow::io;

namespace {

std::unique_ptr<RecordReader> csv(std::string text, std::string name = "leads.csv") {
  return open_reader(std::make_unique<std::istringstream>(std::move(text)), Format::csv, std::move(name));
}

std::vector<InputRow> read_all(RecordReader& reader) {
  std::vector<InputRow> rows;
  InputRow row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

// Produces a header and `rows` data rows on demand, so the test never holds the file either.
class GeneratedCsv : public std::streambuf {
 public:
  explicit GeneratedCsv(std::uint64_t rows) : rows_(rows) {}
  std::uint64_t rows_produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (produced_ > rows_) return traits_type::eof();
    current_ = produced_ == 0 ? std::string("first_name,last_name,domain\n")
                              : "Ada,\"Lovelace, Countess\",example" + std::to_string(produced_) + ".com\n";
    ++produced_;
    setg(current_.data(), current_.data(), current_.data() + current_.size());
    return traits_type::to_int_type(current_[0]);
  }

 private:
  std::uint64_t rows_;
  std::uint64_t produced_ = 0;
  std::string current_;
};

class GeneratedCsvStream : public std::istream {
 public:
  explicit GeneratedCsvStream(std::uint64_t rows) : std::istream(nullptr), buffer_(rows) { rdbuf(&buffer_); }
  std::uint64_t rows_produced() const { return buffer_.rows_produced(); }

 private:
  GeneratedCsv buffer_;
};

}  // namespace

TEST_CASE("the header names the fields of each row, in column order") {
  auto reader = csv("first_name,last_name,domain\nAda,Lovelace,example.com\n");
  CHECK(reader->columns() == std::vector<std::string>{"first_name", "last_name", "domain"});
  CHECK(reader->source_name() == "leads.csv");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.index == 1);
  CHECK(row.line == 2);
  CHECK(row.error.empty());
  CHECK(row.fields.dump() == R"({"first_name":"Ada","last_name":"Lovelace","domain":"example.com"})");
  CHECK_FALSE(reader->next(row));
}

TEST_CASE("a quoted newline stays inside its cell and the next row's line number is right") {
  auto reader = csv("name,note\n\"Ada\",\"first line\nsecond line\"\nGrace,\"a \"\"quoted\"\" word, and a comma\"\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].fields["note"] == "first line\nsecond line");
  CHECK(rows[1].line == 4);
  CHECK(rows[1].index == 2);
  CHECK(rows[1].fields["note"] == "a \"quoted\" word, and a comma");
}

TEST_CASE("a UTF-8 byte order mark is stripped from the first column name") {
  auto reader = csv("\xEF\xBB\xBF" "email,name\nada@example.com,Ada\n");
  CHECK(reader->columns().front() == "email");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.fields["email"] == "ada@example.com");
}

TEST_CASE("CRLF line ends are not part of any cell and count as one line each") {
  auto reader = csv("email,name\r\nada@example.com,Ada\r\n\"x\r\ny\",Grace\r\nlast@example.com,Last\r\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].fields["name"] == "Ada");
  CHECK(rows[1].fields["email"] == "x\r\ny");
  CHECK(rows[2].line == 5);
  CHECK(rows[2].fields["name"] == "Last");
}

TEST_CASE("a lone CR ends a line like old Mac exports do") {
  auto reader = csv("email,name\rada@example.com,Ada\rgrace@example.com,Grace");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].fields["name"] == "Grace");
}

TEST_CASE("a short row is padded with empty cells and is not an error") {
  auto reader = csv("first,last,domain\nAda\n");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.error.empty());
  CHECK(row.fields.dump() == R"({"first":"Ada","last":"","domain":""})");
}

TEST_CASE("a long row is malformed but the next row is read") {
  auto reader = csv("a,b,c,d,e\n1,2,3,4,5,6,7\n1,2,3,4,5\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].error.find("has 7 cells but the header has 5 columns") != std::string::npos);
  CHECK(rows[0].fields["e"] == "5");
  CHECK(rows[1].error.empty());
  CHECK(rows[1].line == 3);
}

TEST_CASE("extra cells that are all empty are dropped without an error") {
  auto reader = csv("a,b\n1,2,,\n");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.error.empty());
  CHECK(row.fields.dump() == R"({"a":"1","b":"2"})");
}

TEST_CASE("an unterminated quote at the end of the file is reported with the line it opened on") {
  auto reader = csv("name,note\nAda,fine\nGrace,\"never\nclosed\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].line == 3);
  CHECK(rows[1].error.find("a quoted cell opened on line 3 is never closed") != std::string::npos);
  CHECK(rows[1].fields["name"] == "Grace");
}

TEST_CASE("a stray quote inside an unquoted cell is kept literally") {
  auto reader = csv("name,size\nO\"Brien,12\" screen\n");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.error.empty());
  CHECK(row.fields["name"] == "O\"Brien");
  CHECK(row.fields["size"] == "12\" screen");
}

TEST_CASE("blank lines are skipped and do not count as rows") {
  auto reader = csv("name\n\nAda\n\r\n\nGrace\n");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].index == 2);
  CHECK(rows[1].line == 6);
}

TEST_CASE("cells keep their surrounding spaces but header names are trimmed") {
  auto reader = csv(" email , name\n ada@example.com ,Ada\n");
  CHECK(reader->columns() == std::vector<std::string>{"email", "name"});
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.fields["email"] == " ada@example.com ");
}

TEST_CASE("empty and repeated header names are made unique and reported as notices") {
  auto reader = csv("email,,email,column_2\n1,2,3,4\n");
  CHECK(reader->columns() == std::vector<std::string>{"email", "column_2_2", "email_2", "column_2"});
  REQUIRE(reader->notices().size() == 2);
  CHECK(reader->notices()[0] == "column 2 has no name in the header; it is called column_2_2");
  CHECK(reader->notices()[1] == "column 3 repeats the name \"email\"; it is called email_2");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.fields["email_2"] == "3");
}

TEST_CASE("an empty file is refused with an example of the header it needs") {
  for (const std::string text : {"", "   \n\n \t\n"}) {
    CAPTURE(text);
    try {
      csv(text);
      FAIL("expected io::Error");
    } catch (const Error& error) {
      CHECK(std::string(error.what()) ==
            "leads.csv: the file is empty; a CSV lead list needs a header row such as `first_name,last_name,domain`");
    }
  }
}

TEST_CASE("a header with an unclosed quote is refused, since no row could be read against it") {
  CHECK_THROWS_WITH_AS(csv("email,\"name\nAda,Lovelace\n"),
                       "leads.csv: the header row has a quoted cell opened on line 1 that is never closed; close the "
                       "quote or double any quote inside the cell (\"\")",
                       Error);
}

TEST_CASE("a header-only file has its columns and zero rows") {
  auto reader = csv("first_name,last_name,domain\n");
  CHECK(reader->columns().size() == 3);
  InputRow row;
  CHECK_FALSE(reader->next(row));
}

TEST_CASE("a .tsv source is read with a tab delimiter") {
  auto reader = csv("email\tname\nada@example.com\tAda, Countess\n", "leads.tsv");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.fields["name"] == "Ada, Countess");
}

TEST_CASE("a cell that is not UTF-8 makes the row malformed and never reaches JSON as raw bytes") {
  auto reader = csv("name,city\nRen\xE9,Paris\n");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.error.find("column \"name\" is not valid UTF-8 (byte 4 of the cell)") != std::string::npos);
  CHECK(row.fields["name"] == "Ren\xEF\xBF\xBD");
  CHECK_NOTHROW(row.fields.dump());
}

TEST_CASE("a 200,000-row CSV streams through in bounded time without holding rows" * doctest::timeout(30)) {
  constexpr std::uint64_t row_count = 200'000;
  auto generated = std::make_unique<GeneratedCsvStream>(row_count);
  const GeneratedCsvStream& source = *generated;
  auto reader = open_reader(std::move(generated), Format::csv, "generated.csv");
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(source.rows_produced() < 5'000);  // one buffer's worth was pulled, not the whole input
  std::uint64_t count = 1;
  std::uint64_t errors = 0;
  while (reader->next(row)) {
    ++count;
    if (!row.error.empty()) ++errors;
  }
  CHECK(count == row_count);
  CHECK(errors == 0);
  CHECK(row.index == row_count);
  CHECK(row.line == row_count + 1);
  CHECK(row.fields["last_name"] == "Lovelace, Countess");
}
