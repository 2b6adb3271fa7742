// Writes records out as CSV or JSONL, one at a time as they are produced. A file writer writes
// to a temporary file and renames it into place only when the run finishes, so a crash never
// leaves a half-written output where a complete one is expected.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "io/record.hpp"

namespace leadflow::io {

// THREAD: one thread at a time.
class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // Throws io::Error when the output cannot be written (disk full, closed pipe).
  virtual void write(const Record& record) = 0;
  // Flushes; a file writer also fsyncs and renames its temporary file into place. Throws
  // io::Error when that fails. A file writer destroyed without finish() deletes its temporary
  // file and leaves the final path untouched.
  virtual void finish() = 0;
};

// `columns` is the CSV header. Each column is looked up in the record by exact key first, then
// as a dotted path into nested objects ("find.email" -> record["find"]["email"]).
// Cell text: strings as they are; null or missing -> empty; numbers and booleans as JSON text;
// arrays and objects as compact JSON. JSONL ignores `columns` and writes each record as one
// compact line. CSV uses a comma.
std::unique_ptr<RecordWriter> open_writer(std::ostream& out, Format format, std::vector<std::string> columns);

// CSV with an explicit delimiter (e.g. '\t').
std::unique_ptr<RecordWriter> open_csv_writer(std::ostream& out, char delimiter, std::vector<std::string> columns);

// Writes "<path>.tmp-<pid>" and renames it to `path` on finish(). CSV uses a tab when `path`
// ends in .tsv. Throws io::Error when the directory is missing or not writable.
std::unique_ptr<RecordWriter> open_file_writer(const std::filesystem::path& path, Format format,
                                               std::vector<std::string> columns);

}  // namespace leadflow::io
