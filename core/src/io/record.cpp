// Maps file extensions to lead-list formats, so every entry point guesses the same way.
#include "io/record.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace leadflow::io {
namespace {

std::string lowercase_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

}  // namespace

std::optional<Format> format_from_path(const std::filesystem::path& path) {
  const std::string extension = lowercase_extension(path);
  if (extension == ".csv" || extension == ".tsv") return Format::csv;
  if (extension == ".jsonl" || extension == ".ndjson" || extension == ".json") return Format::jsonl;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::csv: return "csv";
    case Format::jsonl: return "jsonl";
  }
  return "unknown";
}

std::string_view known_extensions() { return ".csv, .tsv, .jsonl, .ndjson or .json"; }

char csv_delimiter_for(const std::filesystem::path& path) {
  return lowercase_extension(path) == ".tsv" ? '\t' : ',';
}

}  // namespace leadflow::io
