// Entry points for writing records: pick the writer for a format, and wrap file output in an
// AtomicFile so a run's output only appears once it is complete.
#include "io/record_writer.hpp"

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "io/csv_writer.hpp"
#include "io/jsonl_writer.hpp"

namespace leadflow::io {
namespace {

std::unique_ptr<RecordWriter> make_writer(std::ostream& out, Format format, char csv_delimiter,
                                          std::vector<OutputColumn> columns, WriterOptions options) {
  switch (format) {
    case Format::csv: return make_csv_writer(out, csv_delimiter, std::move(columns), options);
    case Format::jsonl: return make_jsonl_writer(out, std::move(columns));
  }
  throw Error("unknown output format; use csv or jsonl");
}

// The old name-only overloads promised that JSONL writes each record whole, whatever the names.
std::vector<OutputColumn> named_columns_for(Format format, std::vector<std::string> names) {
  if (format == Format::jsonl) return {};
  return columns_named(std::move(names));
}

// Owns the temporary file the format writer writes into, and names the file in every error.
class FileWriter final : public RecordWriter {
 public:
  FileWriter(const std::filesystem::path& path, Format format, std::vector<OutputColumn> columns,
             WriterOptions options)
      : file_(path) {
    with_path([&] {
      inner_ = make_writer(file_.stream(), format, csv_delimiter_for(path), std::move(columns), options);
    });
  }

  void write(const Record& record) override {
    with_path([&] { inner_->write(record); });
  }

  void finish() override {
    with_path([&] { inner_->finish(); });
    file_.commit();
  }

 private:
  template <typename Action>
  void with_path(Action&& action) {
    try {
      action();
    } catch (const Error& error) {
      throw Error(fmt::format("{}: {}", file_.final_path().string(), error.what()));
    }
  }

  AtomicFile file_;
  std::unique_ptr<RecordWriter> inner_;
};

}  // namespace

std::unique_ptr<RecordWriter> open_writer(std::ostream& out, Format format, std::vector<OutputColumn> columns,
                                          WriterOptions options) {
  return make_writer(out, format, ',', std::move(columns), options);
}

std::unique_ptr<RecordWriter> open_csv_writer(std::ostream& out, char delimiter, std::vector<OutputColumn> columns,
                                              WriterOptions options) {
  return make_csv_writer(out, delimiter, std::move(columns), options);
}

std::unique_ptr<RecordWriter> open_file_writer(const std::filesystem::path& path, Format format,
                                               std::vector<OutputColumn> columns, WriterOptions options) {
  return std::make_unique<FileWriter>(path, format, std::move(columns), options);
}

std::unique_ptr<RecordWriter> open_writer(std::ostream& out, Format format, std::vector<std::string> columns) {
  return open_writer(out, format, named_columns_for(format, std::move(columns)), WriterOptions{});
}

std::unique_ptr<RecordWriter> open_csv_writer(std::ostream& out, char delimiter, std::vector<std::string> columns) {
  return open_csv_writer(out, delimiter, columns_named(std::move(columns)), WriterOptions{});
}

std::unique_ptr<RecordWriter> open_file_writer(const std::filesystem::path& path, Format format,
                                               std::vector<std::string> columns) {
  return open_file_writer(path, format, named_columns_for(format, std::move(columns)), WriterOptions{});
}

}  // namespace leadflow::io
