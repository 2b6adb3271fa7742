// Formatting diagnostics; see diagnostic.hpp.
#include "workflow/diagnostic.hpp"

namespace leadflow::workflow {
namespace {

std::string format_all(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += "\n";
    text += format(diagnostic);
  }
  return text;
}

}  // namespace

std::string format(const Diagnostic& diagnostic) {
  std::string text = to_string(diagnostic.where) + ": error: " + diagnostic.message;
  if (!diagnostic.hint.empty()) text += "\n  hint: " + diagnostic.hint;
  return text;
}

WorkflowError::WorkflowError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(format_all(diagnostics)), diagnostics(std::move(diagnostics)) {}

}  // namespace leadflow::workflow
