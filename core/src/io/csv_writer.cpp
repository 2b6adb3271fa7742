// CSV output with minimal quoting, LF line ends and the header first. Rows go straight to the
// stream: nothing is held back. Formula neutralising comes before quoting, so "=1,2" is written
// as "'=1,2" (prefixed, then quoted for its comma).
#include "io/csv_writer.hpp"

#include <fmt/format.h>

#include "io/column_lookup.hpp"
#include "io/csv_formula.hpp"

namespace leadflow::io {
namespace {

bool needs_quotes(std::string_view text, char delimiter) {
  if (text.empty()) return false;
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  if (is_space(text.front()) || is_space(text.back())) return true;
  for (const char c : text) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

class CsvWriter final : public RecordWriter {
 public:
  CsvWriter(std::ostream& out, char delimiter, std::vector<OutputColumn> columns, WriterOptions options)
      : out_(out), delimiter_(delimiter), columns_(std::move(columns)), options_(options) {
    for (std::size_t i = 0; i < columns_.size(); ++i) write_cell(i, columns_[i].header);
    end_line();
  }

  void write(const Record& record) override {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      write_cell(i, csv_cell_text(find_column(record, columns_[i].path)));
    }
    end_line();
  }

  void finish() override {
    out_.flush();
    check_stream();
  }

 private:
  void write_cell(std::size_t position, std::string_view text) {
    if (position > 0) out_.put(delimiter_);
    if (options_.neutralise_formulas && runs_as_formula(text)) {
      out_ << csv_quoted(neutralise_formula(text), delimiter_);
    } else {
      out_ << csv_quoted(text, delimiter_);
    }
  }

  void end_line() {
    out_.put('\n');
    check_stream();
  }

  void check_stream() const {
    if (!out_) throw Error("writing the CSV output failed; check that the disk is not full and the output is still open");
  }

  std::ostream& out_;
  const char delimiter_;
  const std::vector<OutputColumn> columns_;
  const WriterOptions options_;
};

}  // namespace

std::string csv_cell_text(const Record* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  return value->dump(-1, ' ', false, Record::error_handler_t::replace);
}

std::string csv_quoted(std::string_view text, char delimiter) {
  if (!needs_quotes(text, delimiter)) return std::string(text);
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::unique_ptr<RecordWriter> make_csv_writer(std::ostream& out, char delimiter, std::vector<OutputColumn> columns,
                                              WriterOptions options) {
  return std::make_unique<CsvWriter>(out, delimiter, std::move(columns), options);
}

}  // namespace leadflow::io
