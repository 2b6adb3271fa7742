// Parsing and rendering step input templates; see template.hpp.
#include "workflow/template.hpp"

#include "expression/expression.hpp"

#include <fmt/format.h>

namespace leadflow::workflow {
namespace {

constexpr const char* template_hint =
    "write a placeholder as {{column}}, {{step.field}} or a jq expression such as {{ .find.email // .email }}";

// A plain path ("first_name", "find.email", "Company Name") rather than a jq program: no jq
// operator, and not starting with a dot.
bool is_plain_path(std::string_view text) {
  return text.front() != '.' && text.find_first_of("|()[]{}\"\\$,+*/<>=!?:;@#") == std::string_view::npos &&
         text.find(" //") == std::string_view::npos;
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool has_empty_segment(std::string_view path) {
  return path.front() == '.' || path.back() == '.' || path.find("..") != std::string_view::npos;
}

const nlohmann::ordered_json* find_path(const nlohmann::ordered_json& value, std::string_view path) {
  if (!value.is_object()) return nullptr;
  if (auto whole = value.find(std::string(path)); whole != value.end()) return &*whole;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
    if (auto head = value.find(std::string(path.substr(0, dot))); head != value.end())
      if (auto* found = find_path(*head, path.substr(dot + 1))) return found;
  }
  return nullptr;
}

std::string as_text(const nlohmann::ordered_json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

}  // namespace

Template Template::parse(std::string_view text, SourceLocation where, std::vector<Diagnostic>& errors) {
  return parse(text, SourceMap(std::move(where)), errors);
}

Template Template::parse(std::string_view text, const SourceMap& positions, std::vector<Diagnostic>& errors) {
  Template result;
  result.source_ = std::string(text);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      result.parts_.push_back({false, std::string(text.substr(pos))});
      break;
    }
    if (open > pos) result.parts_.push_back({false, std::string(text.substr(pos, open - pos))});

    const std::size_t close = text.find("}}", open + 2);
    const std::size_t nested_open = text.find("{{", open + 2);
    if (close == std::string_view::npos || nested_open < close) {
      errors.push_back({positions.at(open), "this '{{' is never closed with '}}'", template_hint});
      break;
    }
    const std::string_view path = trimmed(text.substr(open + 2, close - open - 2));
    if (!path.empty() && !is_plain_path(path)) {
      const auto start = static_cast<std::size_t>(path.data() - text.data());
      try {
        result.parts_.push_back({false, std::string(path), std::make_shared<const expression::Expression>(expression::Expression::compile(path))});
      } catch (const expression::CompileError& error) {
        const auto column = error.column > 0 ? static_cast<std::size_t>(error.column - 1) : 0;
        errors.push_back({positions.at(start + std::min(column, path.size() - 1)),
                          fmt::format("the jq expression '{}' does not compile: {}", path, error.what()), template_hint});
      }
    } else if (path.empty()) {
      errors.push_back({positions.at(open), "empty placeholder '{{}}': name the field to insert", template_hint});
    } else if (has_empty_segment(path)) {
      errors.push_back({positions.at(open), "the field path '" + std::string(path) + "' has an empty part between dots", template_hint});
    } else {
      result.parts_.push_back({true, std::string(path)});
      result.fields_.emplace_back(path);
    }
    pos = close + 2;
  }
  return result;
}

std::string Template::render(const nlohmann::ordered_json& record) const {
  std::string text;
  for (const auto& part : parts_) {
    if (part.program) {
      try {
        if (auto value = part.program->first(record)) text += as_text(nlohmann::ordered_json(*value));
      } catch (const expression::EvaluationError& error) {
        throw TemplateError(fmt::format("{{{{ {} }}}} failed on this row: {}", part.text, error.what()));
      }
    } else if (!part.is_field) {
      text += part.text;
    } else if (const auto* value = find_path(record, part.text)) {
      text += as_text(*value);
    }
  }
  return text;
}

}  // namespace leadflow::workflow
