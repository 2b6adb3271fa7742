// Reads a lead list one row at a time, whatever its format. Rows are never all held in memory:
// a 1,000,000-row file costs one row of memory. Malformed rows come back with an error and
// reading goes on, so one bad line never stops a run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/record.hpp"

namespace leadflow::io {

struct InputRow {
  std::uint64_t index = 0;  // 1-based data row number (CSV header not counted; JSONL blank lines not counted)
  std::uint64_t line = 0;   // 1-based physical line where the row starts in the file
  Record fields;            // CSV: column name -> string cell; JSONL: the parsed object
  std::string error;        // non-empty when the row is malformed: a plain sentence without the
                            // file/line prefix; fields holds whatever could be read
};

// THREAD: one thread at a time; a reader has no shared state, so two readers never interfere.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // CSV: the header (trimmed, made unique); JSONL: the keys of the first valid object, in order.
  virtual const std::vector<std::string>& columns() const = 0;
  // Fills `row` and returns true, or returns false at the end of input. A malformed row is
  // returned with `error` set. Throws io::Error only when the stream itself fails.
  virtual bool next(InputRow& row) = 0;
  virtual std::string_view source_name() const = 0;
  // Things worth telling the user that did not stop reading, e.g. "column 3 has no name in the
  // header; it is called column_3". Each is a plain sentence. Defaults to none, so readers
  // written elsewhere (test fakes) need not implement it.
  virtual const std::vector<std::string>& notices() const;
};

// Reads `in` as `format`; CSV uses a comma, or a tab when `source_name` ends in .tsv.
// `source_name` names the input in messages (usually its path). Throws io::Error for a CSV
// without a header row.
std::unique_ptr<RecordReader> open_reader(std::unique_ptr<std::istream> in, Format format, std::string source_name);

// Reads CSV with an explicit delimiter. Throws io::Error for a CSV without a header row.
std::unique_ptr<RecordReader> open_csv_reader(std::unique_ptr<std::istream> in, char delimiter, std::string source_name);

// Opens the file at `path`; the format comes from its extension unless given. Throws io::Error
// when the file is missing or unreadable, the extension is unknown, or a CSV has no header row.
std::unique_ptr<RecordReader> open_reader(const std::filesystem::path& path, std::optional<Format> format = {});

}  // namespace leadflow::io
