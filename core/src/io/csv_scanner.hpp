// Splits a CSV byte stream into rows of raw cells, tracking the physical line each row starts
// on. A hand-written state machine rather than a library because the line numbers must be
// exact even when quoted cells hold newlines, and real exports need lenient handling.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace leadflow::io {

struct RawCsvRow {
  std::vector<std::string> cells;
  std::uint64_t line = 0;                 // 1-based line where the row starts
  std::uint64_t unclosed_quote_line = 0;  // non-zero: a quoted cell opened on this line reached end of input
};

// THREAD: one thread at a time. Reads `in` in 64 KiB chunks; holds at most one row.
class CsvScanner {
 public:
  CsvScanner(std::istream& in, char delimiter);

  // Reads the next non-blank row into `row`; false at end of input. Strips a UTF-8 BOM at the
  // start; accepts LF, CRLF and a lone CR as line ends. Throws std::ios_base::failure when the
  // stream fails (not at a normal end).
  bool next(RawCsvRow& row);

  // The line the scanner has reached (1-based), for error messages.
  std::uint64_t current_line() const { return line_; }

 private:
  static constexpr int end_of_input = -1;

  int peek();
  int get();
  bool refill();
  void skip_bom();
  bool at_line_end(int c) const { return c == '\n' || c == '\r'; }
  void finish_line_end(int c);  // after reading '\r' or '\n': swallow the '\n' of a CRLF and count the line

  std::istream& in_;
  const char delimiter_;
  std::string buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
  std::uint64_t line_ = 1;
};

}  // namespace leadflow::io
