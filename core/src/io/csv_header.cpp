// Header clean-up for CSV files: spreadsheets export blank and duplicate column names freely.
#include "io/csv_header.hpp"

#include <set>
#include <string_view>

#include <fmt/format.h>

#include "io/utf8_text.hpp"

namespace leadflow::io {
namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view whitespace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(whitespace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

// `wanted` if free, else wanted_2, wanted_3, ... whichever is free first.
std::string first_free_name(const std::string& wanted, const std::set<std::string>& taken) {
  if (!taken.contains(wanted)) return wanted;
  for (int suffix = 2;; ++suffix) {
    std::string candidate = fmt::format("{}_{}", wanted, suffix);
    if (!taken.contains(candidate)) return candidate;
  }
}

}  // namespace

CsvHeader make_csv_header(const std::vector<std::string>& raw_names) {
  CsvHeader header;
  std::set<std::string> taken;
  for (const auto& raw : raw_names) {  // names given in the file claim their spelling first
    const std::string name = replace_invalid_utf8(trim(raw));
    if (!name.empty()) taken.insert(name);
  }
  std::set<std::string> used;
  for (std::size_t i = 0; i < raw_names.size(); ++i) {
    const std::size_t position = i + 1;
    const std::string name = replace_invalid_utf8(trim(raw_names[i]));
    std::string column;
    if (name.empty()) {
      column = first_free_name(fmt::format("column_{}", position), taken);
      header.notices.push_back(
          fmt::format("column {} has no name in the header; it is called {}", position, column));
    } else if (used.contains(name)) {
      column = first_free_name(name, taken);
      header.notices.push_back(
          fmt::format("column {} repeats the name \"{}\"; it is called {}", position, name, column));
    } else {
      column = name;
    }
    taken.insert(column);
    used.insert(column);
    header.columns.push_back(std::move(column));
  }
  return header;
}

}  // namespace leadflow::io
