// Compiling and running one jq program with libjq 1.6; see jq_program.hpp.
#include "expression/jq_program.hpp"

#include "expression/compile_report.hpp"
#include "expression/expression_error.hpp"
#include "expression/json_jv.hpp"

#include <algorithm>

namespace leadflow::expression {
namespace {

// Workflow expressions see the record and nothing else. jq 1.6 cannot unregister builtins, so
// the program is compiled behind definitions that shadow each builtin reaching outside it:
//  - env and $ENV would expose the process environment, where secrets live: both are {}.
//    (A binding passed to jq_compile_args does not help: jq binds its own $ENV closer.)
//  - input, inputs and _input read further inputs: with no input callback libjq 1.6 answers
//    "break", and calling jq_next again after that aborts on an assertion. Errors here.
//  - modulemeta and get_search_list read jq's module search path (files on disk): errors / [].
//  - stderr writes to the process's stderr and debug to the debug callback: both are `.`.
//  - halt and halt_error stop the program with no output, which would read as "no value".
//  - input_filename is null without inputs and $__loc__ only tells {"file":"<top-level>",
//    "line":N}: both harmless, left alone.
// It sits on the program's first line, so jq's line numbers stay right and only first-line
// columns shift by its length. Being a prefix, it also turns `import`/`include` (which libjq
// 1.6 crashes on without a library path) into syntax errors.
constexpr std::string_view prelude =
    "def env: {}; "
    "def input: error(\"input is not available in workflow expressions\"); "
    "def _input: input; "
    "def inputs: error(\"inputs is not available in workflow expressions\"); "
    "def modulemeta: error(\"modulemeta is not available in workflow expressions\"); "
    "def get_search_list: []; "
    "def stderr: .; "
    "def debug: .; "
    "def halt: error(\"halt is not available in workflow expressions\"); "
    "def halt_error: halt; "
    "def halt_error($code): halt; "
    "{} as $ENV | ";

std::string error_text(jv message) {
  if (jv_get_kind(message) == JV_KIND_STRING) return jv_string_value(message);
  jv dumped = jv_dump_string(jv_copy(message), 0);
  std::string text = jv_string_value(dumped);
  jv_free(dumped);
  return text;
}

CompileError compile_error(const std::vector<std::string>& reports, std::string_view program) {
  for (const auto& report : reports) {
    const auto found = read_compile_report(report, program);
    if (!found) continue;
    const std::size_t offset = std::max(found->offset.value_or(prelude.size()), prelude.size()) - prelude.size();
    return CompileError(found->message, static_cast<int>(offset) + 1);
  }
  return CompileError("the expression does not compile", 1);
}

// Frees a jv that libjq handed over, whichever way the scope is left.
struct OwnedJv {
  jv value;
  ~OwnedJv() { jv_free(value); }
};

}  // namespace

JqProgram::JqProgram(std::string_view text) : state_(jq_init()) {
  if (!state_) throw std::bad_alloc();
  const std::string program = std::string(prelude) + std::string(text);
  jq_set_error_cb(state_.get(), &JqProgram::collect_report, this);
  const bool compiled = jq_compile(state_.get(), program.c_str()) != 0;
  jq_set_error_cb(state_.get(), &JqProgram::ignore_report, nullptr);
  if (!compiled) throw compile_error(reports_, program);
  reports_.clear();
}

std::optional<nlohmann::ordered_json> JqProgram::first(const nlohmann::ordered_json& input) {
  jq_start(state_.get(), to_jv(input), 0);
  OwnedJv result{jq_next(state_.get())};
  if (jv_is_valid(result.value)) return to_json(result.value);
  if (!jv_invalid_has_msg(jv_copy(result.value))) return std::nullopt;
  OwnedJv message{jv_invalid_get_msg(jv_copy(result.value))};
  throw EvaluationError(error_text(message.value));
}

void JqProgram::collect_report(void* self, jv report) {
  if (jv_get_kind(report) == JV_KIND_STRING) static_cast<JqProgram*>(self)->reports_.emplace_back(jv_string_value(report));
  jv_free(report);
}

void JqProgram::ignore_report(void*, jv report) {
  jv_free(report);
}

}  // namespace leadflow::expression
