// Expression values as the text of a step input mapping ("{{ .find.email // .email }}"), with
// the rendering rules of workflow/template.cpp, so both kinds of placeholder read the same.
#pragma once

#include "expression/expression.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace leadflow::expression {

// Strings as they are, null as "", anything else as its compact JSON text (91, true, {"a":1}).
std::string to_text(const nlohmann::ordered_json& value);

// The text of `expression`'s first output on `record`; "" when it yields nothing.
// Throws EvaluationError like Expression::first.
std::string render_text(const Expression& expression, const nlohmann::ordered_json& record);

}  // namespace leadflow::expression
