// Queries on a loaded workflow; see workflow.hpp.
#include "workflow/workflow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace leadflow::workflow {

const std::vector<std::string>& default_next_on() {
  // Not found, or failed in a way that says this provider cannot serve now; a row the provider
  // rejected as invalid would be rejected by the next one too.
  static const std::vector<std::string> outcomes{"not_found", "auth_failed", "out_of_credits", "rate_limited",
                                                 "provider_unavailable", "transport", "timeout", "skipped"};
  return outcomes;
}

const ProviderSpec* Workflow::provider(std::string_view name) const {
  for (const auto& spec : providers)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::vector<UnresolvedVariable> Workflow::unresolved() const {
  std::vector<UnresolvedVariable> all;
  for (const auto& spec : providers) all.insert(all.end(), spec.unresolved.begin(), spec.unresolved.end());
  all.insert(all.end(), unresolved_outside_providers.begin(), unresolved_outside_providers.end());
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  return all;
}

std::vector<Diagnostic> check_variables(const Workflow& workflow) {
  std::vector<Diagnostic> diagnostics;
  for (const auto& variable : workflow.unresolved()) {
    diagnostics.push_back({variable.where,
                           fmt::format("environment variable {0} is not set; export it or give a default with ${{{0}:-...}}", variable.name),
                           fmt::format("it is used by {}", variable.path)});
  }
  return diagnostics;
}

}  // namespace leadflow::workflow
