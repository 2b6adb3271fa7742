// Rendering expression values as template text; see text_rendering.hpp.
#include "expression/text_rendering.hpp"

namespace leadflow::expression {

std::string to_text(const nlohmann::ordered_json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

std::string render_text(const Expression& expression, const nlohmann::ordered_json& record) {
  const auto value = expression.first(record);
  return value ? to_text(*value) : std::string();
}

}  // namespace leadflow::expression
