// Parsing jq 1.6's located compile error messages; see compile_report.hpp.
#include "expression/compile_report.hpp"

#include <charconv>
#include <vector>

namespace leadflow::expression {
namespace {

constexpr std::string_view error_prefix = "jq: error: ";
constexpr std::string_view location_marker = " at <top-level>, line ";

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// jq's words are meant for a shell user; a workflow author reads them in a YAML file.
std::string cleaned(std::string_view message) {
  std::string text(message);
  replace_all(text, " (Unix shell quoting issues?)", "");
  replace_all(text, "$end", "end of expression");
  return text;
}

// Where each line of `program` starts, split the way jq counts lines (on '\n').
std::vector<std::size_t> line_starts(std::string_view program) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < program.size(); ++i)
    if (program[i] == '\n') starts.push_back(i + 1);
  return starts;
}

// jq prints the located line, then one space per byte before the error on that line.
std::optional<std::size_t> located_offset(std::string_view program, int line, std::string_view shown) {
  const auto starts = line_starts(program);
  if (line < 1 || static_cast<std::size_t>(line) > starts.size()) return std::nullopt;
  const std::size_t start = starts[line - 1];
  const std::size_t end = static_cast<std::size_t>(line) < starts.size() ? starts[line] - 1 : program.size();
  const std::size_t line_length = end - start;
  if (shown.size() < line_length) return start;
  return std::min(start + (shown.size() - line_length), program.size());
}

}  // namespace

std::optional<CompileReport> read_compile_report(std::string_view report, std::string_view program) {
  if (!report.starts_with(error_prefix)) return std::nullopt;
  report.remove_prefix(error_prefix.size());

  const auto marker = report.find(location_marker);
  if (marker == std::string_view::npos) {
    const auto unknown = report.find("\n<unknown location>");
    return CompileReport{cleaned(report.substr(0, unknown)), std::nullopt};
  }

  CompileReport result{cleaned(report.substr(0, marker)), std::nullopt};
  const auto number = report.substr(marker + location_marker.size());
  int line = 0;
  const auto [after_number, status] = std::from_chars(number.data(), number.data() + number.size(), line);
  const std::string_view rest(after_number, static_cast<std::size_t>(number.data() + number.size() - after_number));
  if (status == std::errc() && rest.starts_with(":\n")) result.offset = located_offset(program, line, rest.substr(2));
  return result;
}

}  // namespace leadflow::expression
