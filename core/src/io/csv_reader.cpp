// CSV rows become records keyed by the header. Short rows are padded (spreadsheets drop
// trailing empty cells); rows with extra non-empty cells, an unclosed quote or non-UTF-8 text
// are returned as malformed with what could be read, and reading goes on.
#include "io/csv_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/csv_header.hpp"
#include "io/csv_scanner.hpp"
#include "io/utf8_text.hpp"

namespace leadflow::io {
namespace {

bool is_blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

bool all_blank(const std::vector<std::string>& cells) { return std::all_of(cells.begin(), cells.end(), is_blank); }

class CsvReader final : public RecordReader {
 public:
  CsvReader(std::unique_ptr<std::istream> in, char delimiter, std::string source_name)
      : in_(std::move(in)), scanner_(*in_, delimiter), source_name_(std::move(source_name)) {
    read_header();
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  std::string_view source_name() const override { return source_name_; }
  const std::vector<std::string>& notices() const override { return notices_; }

  bool next(InputRow& row) override {
    if (!scan(raw_)) return false;
    row.index = ++rows_read_;
    row.line = raw_.line;
    row.error.clear();
    row.fields = Record::object();
    fill_fields(row);
    return true;
  }

 private:
  bool scan(RawCsvRow& raw) {
    try {
      return scanner_.next(raw);
    } catch (const std::ios_base::failure& failure) {
      throw Error(fmt::format("{}: reading failed near line {} ({}); check that the file is still there and readable",
                              source_name_, scanner_.current_line(), failure.what()));
    }
  }

  void read_header() {
    // Leading rows of only whitespace are not a header; a file of nothing else is empty.
    bool found = false;
    while ((found = scan(raw_)) && all_blank(raw_.cells)) {
    }
    if (!found) {
      throw Error(fmt::format(
          "{}: the file is empty; a CSV lead list needs a header row such as `first_name,last_name,domain`",
          source_name_));
    }
    if (raw_.unclosed_quote_line != 0) {
      throw Error(fmt::format("{}: the header row has a quoted cell opened on line {} that is never closed; "
                              "close the quote or double any quote inside the cell (\"\")",
                              source_name_, raw_.unclosed_quote_line));
    }
    CsvHeader header = make_csv_header(raw_.cells);
    columns_ = std::move(header.columns);
    notices_ = std::move(header.notices);
  }

  void fill_fields(InputRow& row) {
    auto& cells = raw_.cells;
    if (raw_.unclosed_quote_line != 0) {
      set_error(row, fmt::format("a quoted cell opened on line {} is never closed; close the quote or double "
                                 "any quote inside the cell (\"\")",
                                 raw_.unclosed_quote_line));
    } else if (cells.size() > columns_.size() && !extra_cells_empty(cells)) {
      set_error(row, fmt::format("the row has {} cells but the header has {} columns; quote cells that contain "
                                 "the delimiter, or add the missing column names to the header",
                                 cells.size(), columns_.size()));
    }
    const std::size_t used = std::min(cells.size(), columns_.size());
    for (std::size_t i = 0; i < used; ++i) put_cell(row, columns_[i], std::move(cells[i]));
    for (std::size_t i = used; i < columns_.size(); ++i) row.fields[columns_[i]] = "";
  }

  bool extra_cells_empty(const std::vector<std::string>& cells) const {
    return std::all_of(cells.begin() + static_cast<std::ptrdiff_t>(columns_.size()), cells.end(),
                       [](const std::string& cell) { return cell.empty(); });
  }

  void put_cell(InputRow& row, const std::string& column, std::string cell) {
    if (const auto bad_byte = first_invalid_utf8(cell)) {
      set_error(row, fmt::format("the cell in column \"{}\" is not valid UTF-8 (byte {} of the cell); save the "
                                 "file as UTF-8 (in Excel: \"CSV UTF-8\")",
                                 column, *bad_byte + 1));
      cell = replace_invalid_utf8(cell);
    }
    row.fields[column] = std::move(cell);
  }

  // The first problem found is the one reported: fixing it usually explains the rest.
  static void set_error(InputRow& row, std::string message) {
    if (row.error.empty()) row.error = std::move(message);
  }

  std::unique_ptr<std::istream> in_;
  CsvScanner scanner_;
  std::string source_name_;
  std::vector<std::string> columns_;
  std::vector<std::string> notices_;
  RawCsvRow raw_;
  std::uint64_t rows_read_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> make_csv_reader(std::unique_ptr<std::istream> in, char delimiter, std::string source_name) {
  return std::make_unique<CsvReader>(std::move(in), delimiter, std::move(source_name));
}

}  // namespace leadflow::io
