// The CSV reader: turns scanned rows into records keyed by the header, and decides which
// irregular rows are still usable (short rows) and which are malformed (extra cells, an
// unclosed quote, text that is not UTF-8).
#pragma once

#include <memory>
#include <string>

#include "io/record_reader.hpp"

namespace leadflow::io {

// Reads the header at once; throws io::Error when the input holds no header row.
std::unique_ptr<RecordReader> make_csv_reader(std::unique_ptr<std::istream> in, char delimiter, std::string source_name);

}  // namespace leadflow::io
