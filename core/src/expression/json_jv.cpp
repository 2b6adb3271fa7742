// Walking conversions between nlohmann JSON and jq's jv values; see json_jv.hpp.
#include "expression/json_jv.hpp"

#include <cmath>
#include <limits>

namespace leadflow::expression {
namespace {

jv to_jv_string(const std::string& text) {
  return jv_string_sized(text.data(), static_cast<int>(text.size()));
}

jv to_jv_array(const nlohmann::ordered_json& array) {
  jv result = jv_array_sized(static_cast<int>(array.size()));
  for (const auto& item : array) result = jv_array_append(result, to_jv(item));
  return result;
}

jv to_jv_object(const nlohmann::ordered_json& object) {
  jv result = jv_object();
  for (const auto& [key, item] : object.items()) result = jv_object_set(result, to_jv_string(key), to_jv(item));
  return result;
}

nlohmann::ordered_json number_to_json(double number) {
  constexpr double int64_limit = 9223372036854775808.0;  // 2^63
  if (std::isnan(number)) return nullptr;
  if (std::isinf(number)) return number > 0 ? std::numeric_limits<double>::max() : std::numeric_limits<double>::lowest();
  if (number == std::trunc(number) && number >= -int64_limit && number < int64_limit)
    return static_cast<std::int64_t>(number);
  return number;
}

nlohmann::ordered_json string_to_json(jv string) {
  const char* bytes = jv_string_value(string);
  const int length = jv_string_length_bytes(jv_copy(string));
  return std::string(bytes, static_cast<std::size_t>(length));
}

nlohmann::ordered_json array_to_json(jv array) {
  auto result = nlohmann::ordered_json::array();
  const int length = jv_array_length(jv_copy(array));
  for (int i = 0; i < length; ++i) {
    jv item = jv_array_get(jv_copy(array), i);
    result.push_back(to_json(item));
    jv_free(item);
  }
  return result;
}

nlohmann::ordered_json object_to_json(jv object) {
  auto result = nlohmann::ordered_json::object();
  for (int i = jv_object_iter(object); jv_object_iter_valid(object, i); i = jv_object_iter_next(object, i)) {
    jv key = jv_object_iter_key(object, i);
    jv item = jv_object_iter_value(object, i);
    result[string_to_json(key).get_ref<const std::string&>()] = to_json(item);
    jv_free(key);
    jv_free(item);
  }
  return result;
}

}  // namespace

jv to_jv(const nlohmann::ordered_json& value) {
  using value_t = nlohmann::ordered_json::value_t;
  switch (value.type()) {
    case value_t::null: return jv_null();
    case value_t::boolean: return jv_bool(value.get<bool>());
    case value_t::number_integer: return jv_number(static_cast<double>(value.get<std::int64_t>()));
    case value_t::number_unsigned: return jv_number(static_cast<double>(value.get<std::uint64_t>()));
    case value_t::number_float: return jv_number(value.get<double>());
    case value_t::string: return to_jv_string(value.get_ref<const std::string&>());
    case value_t::array: return to_jv_array(value);
    case value_t::object: return to_jv_object(value);
    case value_t::binary:
    case value_t::discarded: break;
  }
  return jv_null();
}

nlohmann::ordered_json to_json(jv value) {
  switch (jv_get_kind(value)) {
    case JV_KIND_NULL: return nullptr;
    case JV_KIND_FALSE: return false;
    case JV_KIND_TRUE: return true;
    case JV_KIND_NUMBER: return number_to_json(jv_number_value(value));
    case JV_KIND_STRING: return string_to_json(value);
    case JV_KIND_ARRAY: return array_to_json(value);
    case JV_KIND_OBJECT: return object_to_json(value);
    case JV_KIND_INVALID: break;
  }
  return nullptr;
}

}  // namespace leadflow::expression
