// Writes records out as CSV or JSONL, one at a time as they are produced. A file writer writes
// to a temporary file and renames it into place only when the run finishes, so a crash never
// leaves a half-written output where a complete one is expected.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "io/output_column.hpp"
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

struct WriterOptions {
  // CSV only: a cell a spreadsheet would run as a formula (it starts with =, +, -, @, tab or CR
  // and is not a plain number such as -5) gets a ' in front; header cells too. Turn off when the
  // file feeds a program rather than a spreadsheet. JSONL is never altered.
  bool neutralise_formulas = true;
};

// CSV: a header of the columns' header names, then one line per record; each cell is the value
// at the column's path (exact key first, then a dotted path into nested objects:
// "find.email" -> record["find"]["email"]). Cell text: strings as they are; null or missing ->
// empty; numbers and booleans as JSON text; arrays and objects as compact JSON. A comma separates
// cells. Two columns may share a header name.
// JSONL: with no columns, each record is written whole as one compact line. With columns, each
// line is an object holding exactly those columns, in order, keyed by their header names as flat
// keys ("find.email" stays one key); values stay JSON (a path naming an object writes the nested
// object), and a path the record lacks writes null, so every line has the same keys. Throws
// io::Error when two JSONL columns share a header name.
std::unique_ptr<RecordWriter> open_writer(std::ostream& out, Format format, std::vector<OutputColumn> columns,
                                          WriterOptions options);

// CSV with an explicit delimiter (e.g. '\t').
std::unique_ptr<RecordWriter> open_csv_writer(std::ostream& out, char delimiter, std::vector<OutputColumn> columns,
                                              WriterOptions options);

// Writes "<path>.tmp-<pid>" and renames it to `path` on finish(). CSV uses a tab when `path`
// ends in .tsv. Throws io::Error when the directory is missing or not writable.
std::unique_ptr<RecordWriter> open_file_writer(const std::filesystem::path& path, Format format,
                                               std::vector<OutputColumn> columns, WriterOptions options);

// The same three with each name as both header and path (columns_named) and default options;
// JSONL ignores `columns` and writes each record whole.
std::unique_ptr<RecordWriter> open_writer(std::ostream& out, Format format, std::vector<std::string> columns);
std::unique_ptr<RecordWriter> open_csv_writer(std::ostream& out, char delimiter, std::vector<std::string> columns);
std::unique_ptr<RecordWriter> open_file_writer(const std::filesystem::path& path, Format format,
                                               std::vector<std::string> columns);

}  // namespace leadflow::io
