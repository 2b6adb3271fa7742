// A problem found in a workflow file, told as "file:line:column: error: ..." plus a hint, and the
// exception that carries every problem of a file at once.
#pragma once

#include "workflow/source_location.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace leadflow::workflow {

// message and hint are plain sentences. They never contain a config VALUE (it may be a secret).
struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string hint;  // what to do about it; may be empty
};

// "file:12:7: error: message\n  hint: hint" (no hint line when the hint is empty).
std::string format(const Diagnostic& diagnostic);

// Thrown when a workflow cannot be used. what() is every diagnostic formatted, one per line.
struct WorkflowError : std::runtime_error {
  std::vector<Diagnostic> diagnostics;
  explicit WorkflowError(std::vector<Diagnostic> diagnostics);
};

}  // namespace leadflow::workflow
