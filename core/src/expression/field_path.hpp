// The fast path of workflow expressions: a jq program that is only a field path (.first_name,
// .find.email, .["first name"]) is answered by a direct lookup in the record, without libjq.
// Workflows evaluate such paths on every row of million-row files.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::expression {

// The keys of a field path in order: .find.email -> {"find", "email"}; `.` -> {}.
using FieldPath = std::vector<std::string>;

// The keys of `text` when it is a plain field path in jq syntax, else nullopt (the program then
// goes to jq, which decides whether it is valid). Accepted, with spaces around the whole only:
// `.`, `.name`, `."key"`, `.["key"]`, then any of `.name`, `."key"`, `["key"]`. A quoted key
// with a backslash (an escape or a \( interpolation) is left to jq.
std::optional<FieldPath> parse_field_path(std::string_view text);

// What jq gives for the path on `input`: the value, or null when a key is missing or the value
// on the way is null. Throws EvaluationError with jq's own message when the way goes through a
// value that is neither an object nor null ("Cannot index number with string \"b\"").
// The reference is into `input`, or to a static null.
const nlohmann::ordered_json& look_up(const nlohmann::ordered_json& input, const FieldPath& path);

}  // namespace leadflow::expression
