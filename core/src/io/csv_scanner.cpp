// RFC 4180 CSV scanning plus what real exports contain: BOM, CRLF or LF or CR line ends, quoted
// newlines, doubled quotes, and stray quotes in unquoted cells kept literally.
#include "io/csv_scanner.hpp"

namespace leadflow::io {
namespace {

constexpr std::size_t chunk_size = 64 * 1024;

enum class CellState { cell_start, unquoted, quoted, after_closing_quote };

}  // namespace

CsvScanner::CsvScanner(std::istream& in, char delimiter) : in_(in), delimiter_(delimiter), buffer_(chunk_size, '\0') {
  skip_bom();
}

bool CsvScanner::next(RawCsvRow& row) {
  row.cells.clear();
  row.unclosed_quote_line = 0;

  int c = get();
  while (at_line_end(c)) {  // blank lines are skipped
    finish_line_end(c);
    c = get();
  }
  if (c == end_of_input) return false;
  row.line = line_;

  std::string cell;
  CellState state = CellState::cell_start;
  std::uint64_t quote_opened_on = 0;
  for (;; c = get()) {
    if (c == end_of_input) {
      if (state == CellState::quoted) row.unclosed_quote_line = quote_opened_on;
      row.cells.push_back(std::move(cell));
      return true;
    }
    const char ch = static_cast<char>(c);
    if (state == CellState::quoted) {
      if (ch == '"') {
        if (peek() == '"') {
          cell += '"';
          get();
        } else {
          state = CellState::after_closing_quote;
        }
      } else {
        cell += ch;
        if (ch == '\n' || (ch == '\r' && peek() != '\n')) ++line_;
      }
      continue;
    }
    if (ch == delimiter_) {
      row.cells.push_back(std::move(cell));
      cell.clear();
      state = CellState::cell_start;
    } else if (at_line_end(c)) {
      finish_line_end(c);
      row.cells.push_back(std::move(cell));
      return true;
    } else if (state == CellState::cell_start && ch == '"') {
      state = CellState::quoted;
      quote_opened_on = line_;
    } else {
      // Unquoted text, a stray quote inside it, or text after a closing quote: kept literally.
      cell += ch;
      state = CellState::unquoted;
    }
  }
}

void CsvScanner::finish_line_end(int c) {
  if (c == '\r' && peek() == '\n') get();
  ++line_;
}

int CsvScanner::peek() {
  if (position_ == filled_ && !refill()) return end_of_input;
  return static_cast<unsigned char>(buffer_[position_]);
}

int CsvScanner::get() {
  if (position_ == filled_ && !refill()) return end_of_input;
  return static_cast<unsigned char>(buffer_[position_++]);
}

bool CsvScanner::refill() {
  if (!in_) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  if (in_.bad()) throw std::ios_base::failure("the stream reported an error");
  position_ = 0;
  filled_ = static_cast<std::size_t>(in_.gcount());
  return filled_ > 0;
}

void CsvScanner::skip_bom() {
  refill();
  if (filled_ >= 3 && buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) position_ = 3;
}

}  // namespace leadflow::io
