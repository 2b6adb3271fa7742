// The one form in which the suppression list compares addresses and domains, so that an entry
// matches however a provider or a spreadsheet happened to spell the same address: other case,
// Unicode or Punycode domain, a trailing dot.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::suppression {

// A domain, compared form: one trailing dot dropped; Unicode NFKC with case folding ("Example.COM"
// -> "example.com", "BÜCHER.example" -> "bücher.example", a full-width dot is a dot); each
// "xn--" label decoded from Punycode ("xn--bcher-kva.example" -> "bücher.example"; a label that
// does not decode stays as written). nullopt when it is not a domain: fewer than two labels, an
// empty label, an ASCII character other than a letter, digit, '-' or '_', or text that is not
// UTF-8. THREAD: any thread.
std::optional<std::string> domain_key(std::string_view domain);

// An address, compared form: split at the last '@'; the local part case-folded like a domain and
// the domain as domain_key. nullopt when there is no '@', the local part is empty, holds
// whitespace, a control character or an unquoted '@' ("ada@@example.com"), or the domain is not
// one. THREAD: any thread.
std::optional<std::string> address_key(std::string_view address);

// The text with any run of spaces, tabs, CR or LF removed from both ends.
std::string_view trimmed(std::string_view text);

}  // namespace leadflow::suppression
