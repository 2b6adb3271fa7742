// CSV writing: quote only when a reader would otherwise misread the cell, and turn nested
// results into flat columns.
#include "io/csv_writer.hpp"

#include <sstream>

#include <doctest/doctest.h>

#include "io/column_lookup.hpp"

using namespace leadflow::io;

namespace {

std::string write_csv(const std::vector<std::string>& columns, const std::vector<Record>& records, char delimiter = ',') {
  std::ostringstream out;
  auto writer = open_csv_writer(out, delimiter, columns);
  for (const auto& record : records) writer->write(record);
  writer->finish();
  return out.str();
}

}  // namespace

TEST_CASE("cells are quoted only when they hold the delimiter, a quote, a line break or edge spaces") {
  CHECK(csv_quoted("plain text", ',') == "plain text");
  CHECK(csv_quoted("", ',') == "");
  CHECK(csv_quoted("a,b", ',') == "\"a,b\"");
  CHECK(csv_quoted("a,b", '\t') == "a,b");
  CHECK(csv_quoted("a\tb", '\t') == "\"a\tb\"");
  CHECK(csv_quoted("say \"hi\"", ',') == "\"say \"\"hi\"\"\"");
  CHECK(csv_quoted("two\nlines", ',') == "\"two\nlines\"");
  CHECK(csv_quoted("carriage\rreturn", ',') == "\"carriage\rreturn\"");
  CHECK(csv_quoted(" leading", ',') == "\" leading\"");
  CHECK(csv_quoted("trailing ", ',') == "\"trailing \"");
}

TEST_CASE("cell text is the string itself, empty for null or missing, and JSON text for everything else") {
  const Record record = Record::parse(R"({"s":"Ada","n":null,"i":42,"f":0.5,"b":true,"a":[1,"x"],"o":{"k":"v"}})");
  CHECK(csv_cell_text(find_column(record, "s")) == "Ada");
  CHECK(csv_cell_text(find_column(record, "n")) == "");
  CHECK(csv_cell_text(find_column(record, "missing")) == "");
  CHECK(csv_cell_text(find_column(record, "i")) == "42");
  CHECK(csv_cell_text(find_column(record, "f")) == "0.5");
  CHECK(csv_cell_text(find_column(record, "b")) == "true");
  CHECK(csv_cell_text(find_column(record, "a")) == R"([1,"x"])");
  CHECK(csv_cell_text(find_column(record, "o")) == R"({"k":"v"})");
}

TEST_CASE("a dotted column reads into nested objects, but an exact key wins") {
  const Record record = Record::parse(
      R"({"find":{"email":"ada@example.com","meta":{"score":97}},"verify.status":"valid","verify":{"status":"risky"},
          "a":{"b.c":"dotted key inside"}})");
  CHECK(csv_cell_text(find_column(record, "find.email")) == "ada@example.com");
  CHECK(csv_cell_text(find_column(record, "find.meta.score")) == "97");
  CHECK(csv_cell_text(find_column(record, "verify.status")) == "valid");
  CHECK(csv_cell_text(find_column(record, "a.b.c")) == "dotted key inside");
  CHECK(find_column(record, "find.phone") == nullptr);
  CHECK(find_column(record, "find.email.domain") == nullptr);
}

TEST_CASE("the header comes first, rows follow with LF line ends in column order") {
  const std::string text = write_csv({"email", "find.email", "note"},
                                     {Record::parse(R"({"note":"hi, there","email":"a@x.com","find":{"email":"b@x.com"}})"),
                                      Record::parse(R"({"email":"c@x.com"})")});
  CHECK(text == "email,find.email,note\na@x.com,b@x.com,\"hi, there\"\nc@x.com,,\n");
}

TEST_CASE("a writer with no records still writes the header") {
  CHECK(write_csv({"first name", "last name"}, {}) == "first name,last name\n");
}

TEST_CASE("a tab-delimited writer leaves commas unquoted") {
  CHECK(write_csv({"a", "b"}, {Record::parse(R"({"a":"1,2","b":"x"})")}, '\t') == "a\tb\n1,2\tx\n");
}

namespace {

std::string write_shaped_csv(const std::vector<OutputColumn>& columns, const std::vector<Record>& records,
                             WriterOptions options = {}) {
  std::ostringstream out;
  auto writer = open_csv_writer(out, ',', columns, options);
  for (const auto& record : records) writer->write(record);
  writer->finish();
  return out.str();
}

}  // namespace

TEST_CASE("a formula in a cell is written with a quote in front, and quoted as well when it holds a comma") {
  const std::string text = write_csv({"name", "formula", "phone", "score"},
                                     {Record::parse(R"({"name":"@Ada","formula":"=1,2","phone":"+33 1 23 45 67 89",
                                                       "score":-5})")});
  CHECK(text == "name,formula,phone,score\n'@Ada,\"'=1,2\",'+33 1 23 45 67 89,-5\n");
}

TEST_CASE("a formula with a quote inside is prefixed, then quoted with the inner quote doubled") {
  CHECK(write_csv({"a"}, {Record::parse(R"json({"a":"=HYPERLINK(\"x\")"})json")}) == "a\n\"'=HYPERLINK(\"\"x\"\")\"\n");
}

TEST_CASE("a leading tab or carriage return is guarded, and the carriage return still forces quotes") {
  CHECK(write_csv({"a", "b"}, {Record::parse(R"({"a":"\t=1","b":"\r=1"})")}) == "a,b\n'\t=1,\"'\r=1\"\n");
}

TEST_CASE("numbers from JSON, negative or not, are never prefixed") {
  CHECK(write_csv({"a", "b", "c"}, {Record::parse(R"({"a":-5,"b":-1.5e-7,"c":"-42"})")}) == "a,b,c\n-5,-1.5e-07,-42\n");
}

TEST_CASE("header cells are neutralised like any other cell") {
  CHECK(write_csv({"=cmd", "-score", "email"}, {}) == "'=cmd,'-score,email\n");
}

TEST_CASE("with formula neutralising off, cells and headers are written as they are") {
  const std::string text = write_shaped_csv({{"=h", "f"}, {"phone", "phone"}},
                                            {Record::parse(R"({"f":"=1,2","phone":"+33 1 23 45 67 89"})")},
                                            WriterOptions{.neutralise_formulas = false});
  CHECK(text == "=h,phone\n\"=1,2\",+33 1 23 45 67 89\n");
}

TEST_CASE("chosen columns are written in their order under their new names") {
  const std::string text =
      write_shaped_csv({{"Email", "find.email"}, {"Company", "domain"}, {"Verified", "verify.status"}},
                       {Record::parse(R"({"domain":"example.com","find":{"email":"ada@example.com"},"note":"dropped"})")});
  CHECK(text == "Email,Company,Verified\nada@example.com,example.com,\n");
}

TEST_CASE("two CSV columns may read the same path or share a name") {
  CHECK(write_shaped_csv({{"email", "email"}, {"email", "email"}}, {Record::parse(R"({"email":"a@x.com"})")}) ==
        "email,email\na@x.com,a@x.com\n");
}
