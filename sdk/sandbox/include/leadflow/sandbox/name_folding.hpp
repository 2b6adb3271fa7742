// Matching people and companies the way a provider's search would: case, accents and extra
// whitespace do not matter ("  JOSÉ  garcía" matches "Jose Garcia").
#pragma once

#include <string>
#include <string_view>

namespace leadflow::sandbox {

// Lower-case ASCII with Latin accents removed (é->e, ß->ss, ø->o...), whitespace runs collapsed
// to one space, trimmed. Characters it cannot fold are kept as they are.
std::string fold_name(std::string_view text);
// fold_name(), then only [a-z0-9] kept: the local part of an email ("O'Brien" -> "obrien").
std::string email_token(std::string_view text);
// "https://www.Example.com/about" -> "example.com".
std::string normalize_domain(std::string_view text);

}  // namespace leadflow::sandbox
