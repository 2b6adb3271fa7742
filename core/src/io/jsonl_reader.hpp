// The JSON Lines reader: one JSON object per line; lines that are not objects come back as
// malformed rows with the parser's explanation, and reading goes on.
#pragma once

#include <memory>
#include <string>

#include "io/record_reader.hpp"

namespace leadflow::io {

// Looks ahead to the first valid object (at most a few hundred lines) to learn the columns.
std::unique_ptr<RecordReader> make_jsonl_reader(std::unique_ptr<std::istream> in, std::string source_name);

}  // namespace leadflow::io
