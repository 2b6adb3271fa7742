// Matching JSON values against manifest field types; see field_type.hpp.
#include "plugin/field_type.hpp"

#include <array>
#include <cmath>

namespace leadflow::plugin {
namespace {

constexpr std::array<std::string_view, 6> known_types{"string", "integer", "number", "boolean", "array", "object"};

bool is_whole_number(const nlohmann::json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  double number = value.get<double>();
  return std::isfinite(number) && std::trunc(number) == number;
}

}  // namespace

bool is_known_field_type(std::string_view type) {
  for (auto known : known_types)
    if (known == type) return true;
  return false;
}

bool value_matches_field_type(const nlohmann::json& value, std::string_view type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number() && is_whole_number(value);
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

std::string_view describe_value_type(const nlohmann::json& value) {
  if (value.is_string()) return "a string";
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

}  // namespace leadflow::plugin
