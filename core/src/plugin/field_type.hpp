// The value types a manifest field may declare (string, integer, number, boolean, array,
// object) and how a JSON value is matched against them; shared by manifest and config checks.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace leadflow::plugin {

bool is_known_field_type(std::string_view type);

// An integer value also satisfies "number"; a number with a fraction never satisfies "integer".
bool value_matches_field_type(const nlohmann::json& value, std::string_view type);

// The field-type word for a JSON value, for messages: "a string", "an integer", "a number"...
std::string_view describe_value_type(const nlohmann::json& value);

}  // namespace leadflow::plugin
