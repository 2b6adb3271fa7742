// Writers end to end: what is written reads back the same, JSONL lines are compact, and a file
// only appears at its final path once the run has finished.
#include "io/record_writer.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "io/record_reader.hpp"

using namespace leadflow::io;
namespace fs = std::filesystem;

namespace {

// A fresh directory under /tmp for one test, removed afterwards.
struct ScratchDirectory {
  fs::path path;
  ScratchDirectory() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("leadflow-io-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<InputRow> read_back(std::string text, Format format) {
  auto reader = open_reader(std::make_unique<std::istringstream>(std::move(text)), format, "written");
  std::vector<InputRow> rows;
  InputRow row;
  while (reader->next(row)) rows.push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("CSV written then read back gives the same cells") {
  const std::vector<Record> records = {
      Record::parse(R"({"name":"Ada \"the Countess\" Lovelace","note":"line one\r\nline two","city":" London "})"),
      Record::parse(R"({"name":"","note":"a,b;c","city":"Z\u00fcrich"})")};
  std::ostringstream out;
  auto writer = open_writer(out, Format::csv, {"name", "note", "city"});
  for (const auto& record : records) writer->write(record);
  writer->finish();

  const auto rows = read_back(out.str(), Format::csv);
  REQUIRE(rows.size() == records.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].error.empty());
    CHECK(rows[i].fields == records[i]);
  }
}

TEST_CASE("JSONL written then read back gives the same records, one compact line each") {
  const std::vector<Record> records = {Record::parse(R"({"b":1,"a":{"nested":[true,null]},"text":"two\nlines"})"),
                                       Record::parse(R"({"only":"one"})")};
  std::ostringstream out;
  auto writer = open_writer(out, Format::jsonl, {"ignored"});
  for (const auto& record : records) writer->write(record);
  writer->finish();

  CHECK(out.str() == "{\"b\":1,\"a\":{\"nested\":[true,null]},\"text\":\"two\\nlines\"}\n{\"only\":\"one\"}\n");
  const auto rows = read_back(out.str(), Format::jsonl);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == records[0]);
  CHECK(rows[1].fields == records[1]);
}

TEST_CASE("a file writer writes a temporary file and the final path only exists after finish") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.csv";
  auto writer = open_file_writer(output, Format::csv, {"email"});
  writer->write(Record::parse(R"({"email":"ada@example.com"})"));

  const fs::path temporary = output.string() + ".tmp-" + std::to_string(::getpid());
  CHECK_FALSE(fs::exists(output));
  CHECK(fs::exists(temporary));

  writer->finish();
  CHECK(fs::exists(output));
  CHECK_FALSE(fs::exists(temporary));
  CHECK(file_text(output) == "email\nada@example.com\n");
}

TEST_CASE("a file writer dropped without finish leaves the previous output untouched") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.jsonl";
  { std::ofstream(output) << "previous run\n"; }
  {
    auto writer = open_file_writer(output, Format::jsonl, {});
    writer->write(Record::parse(R"({"a":1})"));
  }
  CHECK(file_text(output) == "previous run\n");
  CHECK(std::distance(fs::directory_iterator(scratch.path), fs::directory_iterator()) == 1);
}

TEST_CASE("a .tsv output path is written with tabs") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.tsv";
  auto writer = open_file_writer(output, Format::csv, {"a", "b"});
  writer->write(Record::parse(R"({"a":"1,2","b":"x"})"));
  writer->finish();
  CHECK(file_text(output) == "a\tb\n1,2\tx\n");
}

TEST_CASE("a file writer into a missing directory says which directory is missing") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "no-such-dir" / "out.csv";
  try {
    open_file_writer(output, Format::csv, {"email"});
    FAIL("expected io::Error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()) == output.string() + ": the directory " + (scratch.path / "no-such-dir").string() +
                                           " does not exist; create it first or choose another output path");
  }
}

TEST_CASE("temporaries left by killed writers are removed, but a live writer's are not") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.csv";
  const fs::path orphan = output.string() + ".tmp-999999999";      // no such process
  const fs::path live = output.string() + ".tmp-1";                // init is always alive
  const fs::path unrelated = scratch.path / "other.csv.tmp-999999999";
  for (const auto& path : {orphan, live, unrelated}) std::ofstream(path) << "half";

  auto writer = open_file_writer(output, Format::csv, {"email"});
  writer->finish();

  CHECK_FALSE(fs::exists(orphan));
  CHECK(fs::exists(live));
  CHECK(fs::exists(unrelated));
}

TEST_CASE("a file writer with chosen columns and neutralising off writes exactly those cells") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.csv";
  auto writer = open_file_writer(output, Format::csv, {{"Email", "find.email"}, {"Score", "score"}},
                                 WriterOptions{.neutralise_formulas = false});
  writer->write(Record::parse(R"({"find":{"email":"@ada@example.com"},"score":"-high"})"));
  writer->finish();
  CHECK(file_text(output) == "Email,Score\n@ada@example.com,-high\n");
}

TEST_CASE("a JSONL file writer with chosen columns writes only them") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.jsonl";
  auto writer = open_file_writer(output, Format::jsonl, {{"email", "find.email"}}, WriterOptions{});
  writer->write(Record::parse(R"({"find":{"email":"ada@example.com"},"score":5})"));
  writer->finish();
  CHECK(file_text(output) == "{\"email\":\"ada@example.com\"}\n");
}

TEST_CASE("a JSONL file writer refusing its columns names the file") {
  ScratchDirectory scratch;
  const fs::path output = scratch.path / "out.jsonl";
  try {
    open_file_writer(output, Format::jsonl, {{"a", "x"}, {"a", "y"}}, WriterOptions{});
    FAIL("expected io::Error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).starts_with(output.string() + ": two output columns are named \"a\""));
  }
}
