// The results of a contacts job are a CSV file with a header row (no public example gives its
// columns), so they are read by header name with a real RFC 4180 reader: quoted cells may hold
// commas, doubled quotes and line breaks; lines end in CRLF or LF; a UTF-8 BOM is skipped.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace leadflow::insideview {

// One row per data line, as {header: cell} in column order. A row longer than the header keeps
// its extra cells as "column_<n>" (1-based); a shorter one lacks the missing columns.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<nlohmann::ordered_json> rows;
};

struct CsvError {
  std::string message;  // what is wrong and on which line
};

std::variant<CsvTable, CsvError> parse_csv(std::string_view text);

}  // namespace leadflow::insideview
