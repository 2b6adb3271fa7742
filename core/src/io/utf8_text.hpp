// Checks that text read from a lead list is UTF-8, because nlohmann::json refuses to serialise
// anything else and a spreadsheet saved as Windows-1252 must not crash a run at its first é.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::io {

// The byte offset of the first byte that does not start a valid UTF-8 sequence, or nullopt when
// the whole text is valid (overlong forms and surrogates count as invalid).
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// `text` with every invalid byte replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view text);

}  // namespace leadflow::io
