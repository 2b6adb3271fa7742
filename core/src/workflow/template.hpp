// Step input templates: literal text with {{field}} or {{step.field}} placeholders filled from
// the record (a dotted path; a missing field or null renders as nothing), or with a jq
// expression over the record, e.g. {{ .find.email // .email }} (anything that is not a plain
// path: it starts with a dot or uses an operator).
#pragma once

#include "workflow/diagnostic.hpp"
#include "workflow/source_map.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::expression {
class Expression;
}

namespace leadflow::workflow {

// A jq placeholder failed on this record ("Cannot index string with \"email\"").
struct TemplateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Template {
 public:
  Template() = default;

  // Parses `text`, whose first byte is at `where` (a plain one-line value). Syntax errors (an
  // unclosed or empty {{ }}) are appended to `errors` at their exact column; the template
  // returned then renders its literal text only.
  static Template parse(std::string_view text, SourceLocation where, std::vector<Diagnostic>& errors);
  // The same, for text whose bytes are located by `positions` (quoted or interpolated values).
  static Template parse(std::string_view text, const SourceMap& positions, std::vector<Diagnostic>& errors);

  // Fills the placeholders from `record`. A path is looked up as a whole key first (a CSV
  // column may contain dots), then part by part ("find.email" -> record["find"]["email"]).
  // Strings render as-is, null and missing fields as "", anything else as its JSON text.
  // A jq placeholder renders its first output; throws TemplateError when it fails.
  std::string render(const nlohmann::ordered_json& record) const;

  // The referenced dotted paths in order of appearance, e.g. {"first_name", "last_name"}; jq
  // placeholders are not listed.
  const std::vector<std::string>& fields() const { return fields_; }
  // The text the template was parsed from.
  const std::string& source() const { return source_; }

 private:
  struct Part {
    bool is_field = false;
    std::string text;  // literal text, or the field's dotted path, or the jq program
    std::shared_ptr<const expression::Expression> program;  // set for a jq placeholder
  };

  std::string source_;
  std::vector<Part> parts_;
  std::vector<std::string> fields_;
};

}  // namespace leadflow::workflow
