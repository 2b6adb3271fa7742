// Entry points for reading lead lists: pick the reader for a format and open files with
// messages that say what to do when the file cannot be read.
#include "io/record_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "io/csv_reader.hpp"
#include "io/jsonl_reader.hpp"

namespace leadflow::io {
namespace {

std::unique_ptr<std::istream> open_input_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw Error(fmt::format("{}: the file does not exist; check the path (relative paths start from {})",
                            path.string(), std::filesystem::current_path(ec).string()));
  }
  if (std::filesystem::is_directory(status)) {
    throw Error(fmt::format("{}: this is a directory, not a lead list; give the path of a CSV or JSONL file",
                            path.string()));
  }
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) {
    throw Error(fmt::format("{}: the file cannot be opened ({}); check its permissions", path.string(),
                            std::strerror(errno)));
  }
  return in;
}

Format format_of(const std::filesystem::path& path, std::optional<Format> format) {
  if (format) return *format;
  if (auto guessed = format_from_path(path)) return *guessed;
  throw Error(fmt::format("{}: cannot tell the format from the extension; name the file with {}, or give the "
                          "format explicitly",
                          path.string(), known_extensions()));
}

}  // namespace

const std::vector<std::string>& RecordReader::notices() const {
  static const std::vector<std::string> none;
  return none;
}

std::unique_ptr<RecordReader> open_reader(std::unique_ptr<std::istream> in, Format format, std::string source_name) {
  switch (format) {
    case Format::csv: {
      const char delimiter = csv_delimiter_for(source_name);
      return make_csv_reader(std::move(in), delimiter, std::move(source_name));
    }
    case Format::jsonl: return make_jsonl_reader(std::move(in), std::move(source_name));
  }
  throw Error(fmt::format("{}: unknown input format; use csv or jsonl", source_name));
}

std::unique_ptr<RecordReader> open_csv_reader(std::unique_ptr<std::istream> in, char delimiter, std::string source_name) {
  return make_csv_reader(std::move(in), delimiter, std::move(source_name));
}

std::unique_ptr<RecordReader> open_reader(const std::filesystem::path& path, std::optional<Format> format) {
  const Format chosen = format_of(path, format);
  return open_reader(open_input_file(path), chosen, path.string());
}

}  // namespace leadflow::io
