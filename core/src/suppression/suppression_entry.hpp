// One entry of a suppression list, read from the text a user wrote: an exact address, or a whole
// domain with its subdomains. Telling the two apart, and saying what to write instead when a line
// is neither, is this file's job.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace leadflow::suppression {

struct SuppressionEntry {
  enum class Kind { address, domain };
  Kind kind = Kind::address;
  std::string key;  // the compared form (address_key.hpp): "ada@example.com" or "example.com"
};

// Where the text came from, which decides what it may be: a line of a plain list holds either
// kind; a CSV's email column holds addresses and its domain column domains.
enum class EntrySource { line, email_column, domain_column };

// "name@domain" is an address; "@example.com", "example.com" and ".example.com" are domains.
// The text is trimmed first. On failure, the message says what is wrong and what to write
// ("'foo@' is neither an address nor a domain; write name@domain or a domain such as
// example.com"), without a file or line: the caller adds them.
std::variant<SuppressionEntry, std::string> parse_entry(std::string_view text, EntrySource source);

}  // namespace leadflow::suppression
