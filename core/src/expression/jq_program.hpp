// One compiled jq program on its own libjq state, behind a prelude that shuts jq's side
// channels (environment, inputs, module files, stderr) out of workflow expressions.
#pragma once

#include "expression/libjq.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::expression {

// Known libjq 1.6 defect: indexing an array by an array (`index`/`indices`/`rindex` on
// arrays) leaks the values involved, some tens of bytes per evaluation (seen with valgrind,
// in the jq binary too). Nothing to do about it here short of replacing those builtins.
//
// THREAD: a jq_state is not thread-safe; one thread at a time may call first(). Not movable:
// libjq holds this object's address for its error callback (own it through a unique_ptr).
class JqProgram {
 public:
  // Throws CompileError, located in `text`.
  explicit JqProgram(std::string_view text);
  JqProgram(const JqProgram&) = delete;
  JqProgram& operator=(const JqProgram&) = delete;

  // The program's first output on `input`; nullopt when it has none. Throws EvaluationError.
  std::optional<nlohmann::ordered_json> first(const nlohmann::ordered_json& input);

 private:
  struct StateDeleter {
    void operator()(jq_state* state) const { jq_teardown(&state); }
  };

  static void collect_report(void* self, jv report);
  static void ignore_report(void* self, jv report);

  std::unique_ptr<jq_state, StateDeleter> state_;
  std::vector<std::string> reports_;
};

}  // namespace leadflow::expression
