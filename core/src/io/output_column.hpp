// What a workflow's output holds: which values of a record are written, and under which names,
// so a user can choose and rename columns instead of getting every field of every step.
#pragma once

#include <string>
#include <vector>

namespace leadflow::io {

struct OutputColumn {
  std::string header;  // the CSV header cell, or the JSONL key (always one flat key, dots and all)
  std::string path;    // what is read from the record: exact key first, then a dotted path (column_lookup.hpp)
};

// Each name is both the header and the path: "find.email" is written as "find.email" and read
// from record["find.email"] or record["find"]["email"].
std::vector<OutputColumn> columns_named(std::vector<std::string> names);

}  // namespace leadflow::io
