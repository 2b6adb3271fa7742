// The two ways a workflow expression fails: it does not compile (reported at load time, at the
// expression's column) or it fails on one record (a row error the caller reports).
#pragma once

#include <stdexcept>
#include <string>

namespace leadflow::expression {

// The message is jq's, cleaned of its "jq: error:" frame and of its location, e.g.
// "foo/0 is not defined" or "syntax error, unexpected end of expression".
struct CompileError : std::runtime_error {
  // 1-based byte offset into the expression text where jq points (1 when jq does not say).
  // A byte offset, not a column on a line: for a multi-line expression the caller maps it with
  // workflow::SourceMap::at(column - 1).
  int column = 1;

  CompileError(const std::string& message, int column) : std::runtime_error(message), column(column) {}
};

// jq's runtime error on one record, e.g. "Cannot index number with string \"b\"". The message
// may quote values of the record (never of the workflow's secrets: expressions cannot see them).
struct EvaluationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace leadflow::expression
