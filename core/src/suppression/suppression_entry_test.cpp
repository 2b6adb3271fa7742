// Entries: which text is an address, which a domain, and what the user is told for anything else.
#include "suppression/suppression_entry.hpp"

#include <doctest/doctest.h>

using namespace leadflow::suppression;

namespace {

SuppressionEntry entry(std::string_view text, EntrySource source = EntrySource::line) {
  auto parsed = parse_entry(text, source);
  REQUIRE_MESSAGE(std::holds_alternative<SuppressionEntry>(parsed), std::get<std::string>(parsed));
  return std::get<SuppressionEntry>(parsed);
}

std::string problem(std::string_view text, EntrySource source = EntrySource::line) {
  auto parsed = parse_entry(text, source);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  return std::get<std::string>(parsed);
}

}  // namespace

TEST_CASE("a name, an @ and a domain is an exact address, trimmed and lower-cased") {
  const auto parsed = entry("  Ada@Example.com\t");
  CHECK(parsed.kind == SuppressionEntry::Kind::address);
  CHECK(parsed.key == "ada@example.com");
}

TEST_CASE("a domain may be written bare, after an @, or after a dot") {
  for (const std::string text : {"example.com", "@example.com", ".example.com", "EXAMPLE.com."}) {
    CAPTURE(text);
    const auto parsed = entry(text);
    CHECK(parsed.kind == SuppressionEntry::Kind::domain);
    CHECK(parsed.key == "example.com");
  }
}

TEST_CASE("an @ with nothing after it is neither an address nor a domain") {
  CHECK(problem("foo@") == "'foo@' is neither an address nor a domain; write name@domain or a domain such as example.com");
  CHECK(problem("@") == "'@' is neither an address nor a domain; write name@domain or a domain such as example.com");
  CHECK(problem("ada@example") ==
        "'ada@example' is neither an address nor a domain; write name@domain or a domain such as example.com");
}

TEST_CASE("a single name is refused, because suppressing a whole top-level domain is almost always a slip") {
  CHECK(problem("com") == "'com' is a single name, not a domain; write a domain such as example.com (a whole "
                          "top-level domain cannot be suppressed) or an address name@domain");
}

TEST_CASE("two entries on one line are refused with the advice to split them") {
  CHECK(problem("a@example.com b@example.com") ==
        "'a@example.com b@example.com' holds a space; write one address or domain per entry");
}

TEST_CASE("a CSV email column takes addresses, a domain column domains") {
  CHECK(entry("ada@example.com", EntrySource::email_column).kind == SuppressionEntry::Kind::address);
  CHECK(entry("@example.com", EntrySource::domain_column).kind == SuppressionEntry::Kind::domain);
  CHECK(problem("example.com", EntrySource::email_column) ==
        "'example.com' in the email column is a domain, not an address; move whole domains to a column named domain");
  CHECK(problem("ada@example.com", EntrySource::domain_column) ==
        "'ada@example.com' in the domain column is an address; move it to a column named email, or write only its "
        "domain");
}
