// Checking the record fields a workflow reads; see record_fields.hpp.
#include "engine/record_fields.hpp"

#include "engine/record_pipeline.hpp"
#include "spelling/spelling.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::engine {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A path is known when it is a whole column (CSV headers may hold dots) or starts with a column
// or with the id of a step that has run by then.
bool known(const std::string& path, const std::vector<std::string>& columns, const std::vector<std::string>& steps) {
  if (contains(columns, path)) return true;
  const auto head = path.substr(0, path.find('.'));
  return contains(columns, head) || contains(steps, head);
}

}  // namespace

std::vector<workflow::Diagnostic> check_record_fields(const BoundWorkflow& workflow, const std::vector<std::string>& input_columns) {
  std::vector<workflow::Diagnostic> problems;
  if (input_columns.empty()) return problems;
  std::vector<std::string> earlier_steps;
  const auto candidates = [&] {
    auto names = input_columns;
    names.insert(names.end(), earlier_steps.begin(), earlier_steps.end());
    return names;
  };
  for (const auto& step : workflow.workflow.steps) {
    for (const auto& input : step.inputs)
      for (const auto& field : input.value.fields())
        if (!known(field, input_columns, earlier_steps))
          problems.push_back({input.value_where,
                              fmt::format("'{{{{{}}}}}' names no column of the input and no step above '{}'", field, step.id),
                              spelling::did_you_mean_hint(field, candidates())});
    earlier_steps.push_back(step.id);
  }
  earlier_steps.emplace_back(RecordPipeline::input_error_column);
  for (const auto& column : workflow.workflow.output.columns)
    if (!known(column.path, input_columns, earlier_steps))
      problems.push_back({column.where, fmt::format("output column '{}' reads '{}', which no input column or step provides", column.header, column.path),
                          spelling::did_you_mean_hint(column.path, candidates())});
  return problems;
}

}  // namespace leadflow::engine
