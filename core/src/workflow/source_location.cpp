// Printing source locations; see source_location.hpp.
#include "workflow/source_location.hpp"

namespace leadflow::workflow {

std::string to_string(const SourceLocation& where) {
  std::string text = where.file;
  if (where.line <= 0) return text;
  text += ":" + std::to_string(where.line);
  if (where.column > 0) text += ":" + std::to_string(where.column);
  return text;
}

}  // namespace leadflow::workflow
