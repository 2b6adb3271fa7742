// The numbers a workflow gives the engine — counts (batch size, attempts), credit amounts
// (budgets), rates (requests per minute) and durations ("500ms", "30s", "5m", "30d") — read from YAML
// scalars, with the mistake reported at the value's file:line:column.
#pragma once

#include "workflow/diagnostic.hpp"
#include "workflow/yaml_tree.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace leadflow::workflow {

// A whole number from `min` up, e.g. a batch size of at least 1.
std::optional<std::int64_t> read_count(const YamlNode& value, std::int64_t min, std::vector<Diagnostic>& errors);
// A number greater than zero (credits, requests per second), fractions allowed.
std::optional<double> read_positive_number(const YamlNode& value, std::vector<Diagnostic>& errors);
// A duration in milliseconds: "250ms", "30s", "5m", "2h", "30d", or a bare number of seconds.
std::optional<std::int64_t> read_duration_ms(const YamlNode& value, std::vector<Diagnostic>& errors);

}  // namespace leadflow::workflow
