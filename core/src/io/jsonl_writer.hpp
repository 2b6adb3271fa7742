// The JSON Lines writer: each record as one compact line, whole or shaped to chosen columns.
#pragma once

#include <memory>
#include <ostream>
#include <vector>

#include "io/record_writer.hpp"

namespace leadflow::io {

// Text that is not UTF-8 is written with U+FFFD in place of the bad bytes rather than failing
// the run. The stream must outlive the writer.
std::unique_ptr<RecordWriter> make_jsonl_writer(std::ostream& out);

// Writes only `columns`, keyed by their header names; see open_writer. Throws io::Error when two
// columns share a header name, since a JSON object cannot hold both.
std::unique_ptr<RecordWriter> make_jsonl_writer(std::ostream& out, std::vector<OutputColumn> columns);

}  // namespace leadflow::io
