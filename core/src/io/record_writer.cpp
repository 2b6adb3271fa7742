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
                                          std::vector<std::string> columns) {
  switch (format) {
    case Format::csv: return make_csv_writer(out, csv_delimiter, std::move(columns));
    case Format::jsonl: return make_jsonl_writer(out);
  }
  throw Error("unknown output format; use csv or jsonl");
}

// Owns the temporary file the format writer writes into, and names the file in every error.
class FileWriter final : public RecordWriter {
 public:
  FileWriter(const std::filesystem::path& path, Format format, std::vector<std::string> columns) : file_(path) {
    with_path([&] { inner_ = make_writer(file_.stream(), format, csv_delimiter_for(path), std::move(columns)); });
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

std::unique_ptr<RecordWriter> open_writer(std::ostream& out, Format format, std::vector<std::string> columns) {
  return make_writer(out, format, ',', std::move(columns));
}

std::unique_ptr<RecordWriter> open_csv_writer(std::ostream& out, char delimiter, std::vector<std::string> columns) {
  return make_csv_writer(out, delimiter, std::move(columns));
}

std::unique_ptr<RecordWriter> open_file_writer(const std::filesystem::path& path, Format format,
                                               std::vector<std::string> columns) {
  return std::make_unique<FileWriter>(path, format, std::move(columns));
}

}  // namespace leadflow::io
