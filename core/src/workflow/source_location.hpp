// A place in a workflow file (file, 1-based line and column), so every problem can be reported
// where the user has to fix it.
#pragma once

#include <string>

namespace leadflow::workflow {

// line and column are 1-based; 0 means unknown. Columns count bytes.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// "workflows/x.yaml:12:7"; "workflows/x.yaml:12" without a column; just the file when unknown.
std::string to_string(const SourceLocation& where);

}  // namespace leadflow::workflow
