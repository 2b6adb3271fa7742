// Workflow expressions: the jq programs of `when:` conditions and step input mappings, compiled
// once when the workflow loads and evaluated on each record.
#pragma once

#include "expression/expression_error.hpp"
#include "expression/field_path.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leadflow::expression {

class JqProgram;

// A compiled jq program. A plain field path (.first_name, .find.email, .["first name"]) is
// answered by a direct lookup in the record; anything else runs on its own libjq state.
//
// THREAD: evaluating a jq program mutates its libjq state, so an Expression is used by one
// thread at a time, const calls included; a thread that needs the same expression compiles its
// own. LIFETIME: moving leaves the source empty (only destruction and assignment are valid).
// Expressions are workflow code, not data: jq has no step or memory limit, so a program that
// never ends (`def f: f; f`) or builds a huge value (`[range(1e9)]`) stalls the run, and
// unbounded recursion (`def f: 1 + f; f`) grows until libjq aborts for lack of memory. We do not
// guard against it: the author of the workflow wrote it, and stops the run as with any other
// infinite loop; a guard would cost every evaluation for no case a real workflow needs.
class Expression {
 public:
  // Throws CompileError (unknown function, syntax error, undefined $variable, empty text).
  // Compile at load time: a plain path costs nothing, but libjq 1.6 parses its whole builtin
  // library on every compile (~24 ms of CPU per jq expression, measured by expression_bench).
  static Expression compile(std::string_view text);

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  // The program's first output on `input`, or nullopt when it yields nothing (`empty`, a
  // `select` that fails). A missing field is null, as in jq. Throws EvaluationError on a jq
  // runtime error ("Cannot index number with string \"x\""). Cost on a 12-field record: ~45 ns
  // for a plain path, ~4.4 us for `.find.email // .email`, of which ~3 us is building jq's copy
  // of the record.
  std::optional<nlohmann::ordered_json> first(const nlohmann::ordered_json& input) const;

  // jq's truthiness of the first output: anything but false and null; no output is false.
  // Throws EvaluationError like first().
  bool truthy(const nlohmann::ordered_json& input) const;

  // The keys the program reads when it is a plain field path (.find.email -> {"find", "email"};
  // `.` -> {}), so a caller can check them against the input's columns; nullopt otherwise.
  const std::optional<FieldPath>& plain_path() const { return plain_path_; }

  // The text the expression was compiled from.
  const std::string& source() const { return source_; }

 private:
  Expression() = default;

  std::string source_;
  std::optional<FieldPath> plain_path_;
  std::unique_ptr<JqProgram> program_;  // null for a plain path
};

}  // namespace leadflow::expression
