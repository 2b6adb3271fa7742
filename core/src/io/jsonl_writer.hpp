// The JSON Lines writer: each record as one compact line.
#pragma once

#include <memory>
#include <ostream>

#include "io/record_writer.hpp"

namespace leadflow::io {

// Text that is not UTF-8 is written with U+FFFD in place of the bad bytes rather than failing
// the run. The stream must outlive the writer.
std::unique_ptr<RecordWriter> make_jsonl_writer(std::ostream& out);

}  // namespace leadflow::io
