// Recognising plain field paths and looking them up the way jq would; see field_path.hpp.
#include "expression/field_path.hpp"

#include "expression/expression_error.hpp"

#include <fmt/format.h>

namespace leadflow::expression {
namespace {

bool starts_identifier(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool continues_identifier(char c) {
  return starts_identifier(c) || (c >= '0' && c <= '9');
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Reads a name at the start of `rest` (jq's FIELD token after the dot); empty when none.
std::string_view read_identifier(std::string_view& rest) {
  if (rest.empty() || !starts_identifier(rest.front())) return {};
  std::size_t length = 1;
  while (length < rest.size() && continues_identifier(rest[length])) ++length;
  const auto name = rest.substr(0, length);
  rest.remove_prefix(length);
  return name;
}

// Reads a "quoted key" at the start of `rest` without escapes; nullopt when there is none.
std::optional<std::string_view> read_quoted(std::string_view& rest) {
  if (rest.empty() || rest.front() != '"') return std::nullopt;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const auto c = static_cast<unsigned char>(rest[i]);
    if (c == '\\' || c < 0x20) return std::nullopt;
    if (c == '"') {
      const auto key = rest.substr(1, i - 1);
      rest.remove_prefix(i + 1);
      return key;
    }
  }
  return std::nullopt;
}

// Reads ["quoted key"] at the start of `rest`.
std::optional<std::string_view> read_bracketed(std::string_view& rest) {
  if (rest.empty() || rest.front() != '[') return std::nullopt;
  auto inside = rest.substr(1);
  const auto key = read_quoted(inside);
  if (!key || inside.empty() || inside.front() != ']') return std::nullopt;
  rest = inside.substr(1);
  return key;
}

// One segment: `.name`, `."key"`, `["key"]`, and `.["key"]` only as the first segment
// (jq 1.6 rejects `.a.["b"]`).
std::optional<std::string_view> read_segment(std::string_view& rest, bool first) {
  if (rest.front() == '[') return first ? std::nullopt : read_bracketed(rest);
  if (rest.front() != '.') return std::nullopt;
  rest.remove_prefix(1);
  if (const auto name = read_identifier(rest); !name.empty()) return name;
  if (first && !rest.empty() && rest.front() == '[') return read_bracketed(rest);
  return read_quoted(rest);
}

}  // namespace

std::optional<FieldPath> parse_field_path(std::string_view text) {
  auto rest = trimmed(text);
  if (rest == ".") return FieldPath{};
  FieldPath path;
  while (!rest.empty()) {
    const auto key = read_segment(rest, path.empty());
    if (!key) return std::nullopt;
    path.emplace_back(*key);
  }
  if (path.empty()) return std::nullopt;
  return path;
}

const nlohmann::ordered_json& look_up(const nlohmann::ordered_json& input, const FieldPath& path) {
  static const nlohmann::ordered_json null_value;
  const nlohmann::ordered_json* value = &input;
  for (const auto& key : path) {
    if (value->is_null()) return null_value;
    if (!value->is_object())
      throw EvaluationError(fmt::format("Cannot index {} with string \"{}\"", value->type_name(), key));
    const auto found = value->find(key);
    if (found == value->end()) return null_value;
    value = &*found;
  }
  return *value;
}

}  // namespace leadflow::expression
