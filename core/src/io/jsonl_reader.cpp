// JSON Lines reading with std::getline: CRLF and a leading BOM are accepted, blank lines are
// skipped, and each line is parsed on its own so one bad line never hides the next.
#include "io/jsonl_reader.hpp"

#include <deque>

#include <fmt/format.h>

namespace leadflow::io {
namespace {

// How far the reader looks for a valid object to take the columns from; beyond this the file
// is mostly garbage and columns() stays empty rather than buffering it all.
constexpr std::size_t column_lookahead_limit = 256;

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n\v\f") == std::string::npos; }

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, ";
// the id means nothing to a user and the line is always 1 because each line is parsed alone.
std::string plain_parse_message(std::string message) {
  if (message.starts_with("[json.exception.")) {
    if (const auto end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
  }
  if (const auto at = message.find("at line 1, column"); at != std::string::npos) message.replace(at, 17, "at column");
  return message;
}

std::string_view json_kind(const Record& value) {
  if (value.is_array()) return "an array";
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  return "null";
}

class JsonlReader final : public RecordReader {
 public:
  JsonlReader(std::unique_ptr<std::istream> in, std::string source_name)
      : in_(std::move(in)), source_name_(std::move(source_name)) {
    look_ahead_for_columns();
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  std::string_view source_name() const override { return source_name_; }
  const std::vector<std::string>& notices() const override { return notices_; }

  bool next(InputRow& row) override {
    if (!pending_.empty()) {
      row = std::move(pending_.front());
      pending_.pop_front();
      return true;
    }
    return read_row(row);
  }

 private:
  void look_ahead_for_columns() {
    InputRow row;
    while (pending_.size() < column_lookahead_limit && read_row(row)) {
      const bool valid = row.error.empty();
      if (valid) {
        for (const auto& [key, value] : row.fields.items()) columns_.push_back(key);
      }
      pending_.push_back(std::move(row));
      if (valid) return;
    }
  }

  bool read_row(InputRow& row) {
    std::string text;
    do {
      if (!read_line(text)) return false;
    } while (is_blank(text));
    row.index = ++rows_read_;
    row.line = line_;
    row.error.clear();
    parse_object(text, row);
    return true;
  }

  bool read_line(std::string& text) {
    if (!std::getline(*in_, text)) {
      if (in_->bad()) {
        throw Error(fmt::format("{}: reading failed after line {}; check that the file is still there and readable",
                                source_name_, line_));
      }
      return false;
    }
    ++line_;
    if (line_ == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return true;
  }

  static void parse_object(const std::string& text, InputRow& row) {
    try {
      row.fields = Record::parse(text);
    } catch (const Record::parse_error& failure) {
      row.fields = Record::object();
      row.error = fmt::format("the line is not valid JSON ({}); each line must hold one JSON object such as "
                              "{{\"email\": \"ada@example.com\"}}",
                              plain_parse_message(failure.what()));
      return;
    }
    if (!row.fields.is_object()) {
      row.error = fmt::format("the line holds {}, not a JSON object; each line must hold one object such as "
                              "{{\"email\": \"ada@example.com\"}}",
                              json_kind(row.fields));
      row.fields = Record::object();
    }
  }

  std::unique_ptr<std::istream> in_;
  std::string source_name_;
  std::vector<std::string> columns_;
  std::vector<std::string> notices_;
  std::deque<InputRow> pending_;  // rows read while looking for the columns, not yet handed out
  std::uint64_t rows_read_ = 0;
  std::uint64_t line_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> make_jsonl_reader(std::unique_ptr<std::istream> in, std::string source_name) {
  return std::make_unique<JsonlReader>(std::move(in), std::move(source_name));
}

}  // namespace leadflow::io
