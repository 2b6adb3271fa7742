// application/x-www-form-urlencoded and percent-encoding, as browsers and HTTP clients write them
// ('+' is a space in forms). Simulators decode provider forms and tests build them.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace leadflow::sandbox {

// Decodes %XX escapes; with `plus_is_space`, '+' becomes ' '. A broken escape is kept as is.
std::string percent_decode(std::string_view text, bool plus_is_space);
// Encodes everything but unreserved characters (RFC 3986) as %XX.
std::string percent_encode(std::string_view text);
// "a=1&b=x+y" -> {a:1, b:"x y"}; the last value of a repeated field wins.
std::map<std::string, std::string> decode_form(std::string_view body);
std::string encode_form(const std::map<std::string, std::string>& fields);

}  // namespace leadflow::sandbox
