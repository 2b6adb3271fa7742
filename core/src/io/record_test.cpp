// Formats are guessed from extensions, and opening a lead list fails with messages that say
// what to do.
#include "io/record_reader.hpp"

#include <unistd.h>

#include <fstream>

#include <doctest/doctest.h>

using namespace leadflow::io;
namespace fs = std::filesystem;

namespace {

std::string error_of(const fs::path& path) {
  try {
    open_reader(path);
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("extensions map to formats, case-insensitively, and unknown ones to nothing") {
  CHECK(format_from_path("leads.csv") == Format::csv);
  CHECK(format_from_path("dir.v2/LEADS.TSV") == Format::csv);
  CHECK(format_from_path("leads.jsonl") == Format::jsonl);
  CHECK(format_from_path("leads.ndjson") == Format::jsonl);
  CHECK(format_from_path("leads.json") == Format::jsonl);
  CHECK_FALSE(format_from_path("leads.txt").has_value());
  CHECK_FALSE(format_from_path("leads").has_value());
  CHECK(format_name(Format::csv) == "csv");
  CHECK(format_name(Format::jsonl) == "jsonl");
}

TEST_CASE("opening a missing file says it does not exist") {
  const std::string message = error_of("/nonexistent/leads.csv");
  CHECK(message.starts_with("/nonexistent/leads.csv: the file does not exist; check the path"));
}

TEST_CASE("opening a file with an unknown extension lists the formats that exist") {
  CHECK(error_of("leads.txt") ==
        "leads.txt: cannot tell the format from the extension; name the file with .csv, .tsv, .jsonl, .ndjson or "
        ".json, or give the format explicitly");
}

TEST_CASE("a file on disk is read with the format its extension names") {
  const fs::path path = fs::temp_directory_path() / ("leadflow-io-record-test-" + std::to_string(::getpid()) + ".tsv");
  { std::ofstream(path) << "email\tname\nada@example.com\tAda\n"; }
  auto reader = open_reader(path);
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.fields["name"] == "Ada");
  CHECK(reader->source_name() == path.string());
  fs::remove(path);
}

TEST_CASE("an explicit format overrides the extension") {
  const fs::path path = fs::temp_directory_path() / ("leadflow-io-record-test-" + std::to_string(::getpid()) + ".txt");
  { std::ofstream(path) << "{\"a\":1}\n"; }
  auto reader = open_reader(path, Format::jsonl);
  InputRow row;
  REQUIRE(reader->next(row));
  CHECK(row.fields["a"] == 1);
  fs::remove(path);
}

TEST_CASE("an empty CSV file on disk is refused with its path") {
  const fs::path path = fs::temp_directory_path() / ("leadflow-io-record-test-" + std::to_string(::getpid()) + ".csv");
  { std::ofstream{path}; }
  CHECK(error_of(path) == path.string() +
                              ": the file is empty; a CSV lead list needs a header row such as "
                              "`first_name,last_name,domain`");
  fs::remove(path);
}
