// Punycode (RFC 3492) decoding, so a domain written as "xn--bcher-kva.example" in one place and
// "bücher.example" in another is recognised as the same domain. Only decoding is needed: the
// suppression list compares domains in their Unicode form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::suppression {

// The UTF-8 text of one Punycode label given without its "xn--" prefix ("bcher-kva" ->
// "bücher"), or nullopt when it is not valid Punycode (bad digit, overflow, a code point that is
// not a Unicode scalar value).
std::optional<std::string> decode_punycode(std::string_view encoded);

}  // namespace leadflow::suppression
