// JSON Lines output: one compact object per line, written as soon as it arrives. With chosen
// columns each line is rebuilt from them; header names stay flat keys ("find.email"), because
// that is the name the user chose and jq reads it as .["find.email"], while a column whose path
// names an object ("find") keeps the nested structure.
#include "io/jsonl_writer.hpp"

#include <set>

#include <fmt/format.h>

#include "io/column_lookup.hpp"

namespace leadflow::io {
namespace {

void check_unique_headers(const std::vector<OutputColumn>& columns) {
  std::set<std::string_view> seen;
  for (const auto& column : columns) {
    if (!seen.insert(column.header).second) {
      throw Error(fmt::format("two output columns are named \"{}\"; a JSONL line can hold only one of them, so "
                              "rename one",
                              column.header));
    }
  }
}

class JsonlWriter final : public RecordWriter {
 public:
  JsonlWriter(std::ostream& out, std::vector<OutputColumn> columns) : out_(out), columns_(std::move(columns)) {
    check_unique_headers(columns_);
  }

  void write(const Record& record) override {
    write_line(columns_.empty() ? record : shaped(record));
  }

  void finish() override {
    out_.flush();
    check_stream();
  }

 private:
  Record shaped(const Record& record) const {
    Record line = Record::object();
    for (const auto& column : columns_) {
      const Record* value = find_column(record, column.path);
      line[column.header] = value != nullptr ? *value : Record(nullptr);
    }
    return line;
  }

  void write_line(const Record& line) {
    out_ << line.dump(-1, ' ', false, Record::error_handler_t::replace) << '\n';
    check_stream();
  }

  void check_stream() const {
    if (!out_) {
      throw Error("writing the JSONL output failed; check that the disk is not full and the output is still open");
    }
  }

  std::ostream& out_;
  const std::vector<OutputColumn> columns_;
};

}  // namespace

std::unique_ptr<RecordWriter> make_jsonl_writer(std::ostream& out) { return make_jsonl_writer(out, {}); }

std::unique_ptr<RecordWriter> make_jsonl_writer(std::ostream& out, std::vector<OutputColumn> columns) {
  return std::make_unique<JsonlWriter>(out, std::move(columns));
}

}  // namespace leadflow::io
