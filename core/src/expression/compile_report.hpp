// Reading libjq 1.6's compile error reports. jq hands each error to the error callback as one
// string, located like this (there is no caret: the line is followed by as many spaces as the
// error's column on it, minus one):
//   "jq: error: foo/0 is not defined at <top-level>, line 1:\n.a | foo     "
// or, when jq knows no position, "jq: error: <message>\n<unknown location>". After the errors
// it reports a summary, "jq: 2 compile errors".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace leadflow::expression {

struct CompileReport {
  std::string message;                // "foo/0 is not defined", without jq's frame
  std::optional<std::size_t> offset;  // 0-based byte offset into the compiled program text
};

// The error in one report of jq's on compiling `program`; nullopt for the summary line.
std::optional<CompileReport> read_compile_report(std::string_view report, std::string_view program);

}  // namespace leadflow::expression
