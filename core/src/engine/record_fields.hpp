// The names a workflow reads from its records, checked against what the records will hold: the
// input file's columns and the outputs of the steps above. A typo such as {{frist_name}} would
// otherwise send an empty name to a paid search on every row; it is caught before the run.
#pragma once

#include "engine/bound_workflow.hpp"
#include "workflow/diagnostic.hpp"

#include <string>
#include <vector>

namespace leadflow::engine {

// One diagnostic per template field and `output: columns:` path that names neither an input
// column nor a step that runs before it. `input_columns` empty (a JSONL input, whose keys vary
// by line): nothing is checked.
std::vector<workflow::Diagnostic> check_record_fields(const BoundWorkflow& workflow, const std::vector<std::string>& input_columns);

}  // namespace leadflow::engine
