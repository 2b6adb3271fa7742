// The vocabulary shared by every lead-list reader and writer: what a record is, which file
// formats exist, and the one error type io throws.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace leadflow::io {

// Always a JSON object; ordered so that a CSV's column order survives into the output.
using Record = nlohmann::ordered_json;

enum class Format { csv, jsonl };

// .csv and .tsv (CSV with a tab) -> csv; .jsonl, .ndjson and .json -> jsonl; anything else ->
// nullopt. The extension is matched case-insensitively.
std::optional<Format> format_from_path(const std::filesystem::path& path);

// "csv" or "jsonl".
std::string_view format_name(Format format);

// The extensions format_from_path knows, for error messages: ".csv, .tsv, .jsonl, .ndjson or .json".
std::string_view known_extensions();

// The delimiter a CSV file at `path` uses: tab for .tsv, comma otherwise.
char csv_delimiter_for(const std::filesystem::path& path);

// The message already says what went wrong, where, and what to do about it.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace leadflow::io
