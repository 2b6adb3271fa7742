// Turns a CSV header row into usable column names: trimmed, never empty, never repeated, so
// every cell of a row lands under a key of its own.
#pragma once

#include <string>
#include <vector>

namespace leadflow::io {

struct CsvHeader {
  std::vector<std::string> columns;
  std::vector<std::string> notices;  // one sentence per name that had to be invented or changed
};

CsvHeader make_csv_header(const std::vector<std::string>& raw_names);

}  // namespace leadflow::io
