// Compared forms: the same address or domain spelled differently must come out the same, and
// text that is no domain must be refused.
#include "suppression/address_key.hpp"

#include <doctest/doctest.h>

using namespace leadflow::suppression;

TEST_CASE("a domain compares lower-cased, without a trailing dot") {
  CHECK(domain_key("Example.COM") == "example.com");
  CHECK(domain_key("example.com.") == "example.com");
  CHECK(domain_key("mail.example.co.uk") == "mail.example.co.uk");
}

TEST_CASE("a Unicode domain compares after case folding, and its Punycode form is the same domain") {
  CHECK(domain_key("BÜCHER.example") == "bücher.example");
  CHECK(domain_key("xn--bcher-kva.example") == "bücher.example");
  CHECK(domain_key("XN--BCHER-KVA.EXAMPLE") == "bücher.example");
  CHECK(domain_key("ПРИМЕР.рф") == "пример.рф");
  CHECK(domain_key("example．com") == "example.com");  // full-width dot
}

TEST_CASE("a composed and a decomposed accent are the same domain") {
  CHECK(domain_key("caf\u00e9.example") == domain_key("cafe\u0301.example"));
}

TEST_CASE("a Punycode label that does not decode stays as written") {
  CHECK(domain_key("xn--!!.example") == std::nullopt);  // '!' is no label character anyway
  CHECK(domain_key("xn--zzzzzzzzzzzzzz.example") == "xn--zzzzzzzzzzzzzz.example");
}

TEST_CASE("text that is not a domain has no key") {
  for (const std::string text : {"", "localhost", ".", "example..com", ".example.com", "exa mple.com", "a@b.com",
                           "example.com/path", "example,com", "\xff.example"}) {
    CAPTURE(text);
    CHECK_FALSE(domain_key(text).has_value());
  }
}

TEST_CASE("an address compares case-insensitively in both parts") {
  CHECK(address_key("Ada.Lovelace@Example.COM") == "ada.lovelace@example.com");
  CHECK(address_key("JÖRG@Bücher.example") == "jörg@bücher.example");
  CHECK(address_key("jorg@xn--bcher-kva.example") == "jorg@bücher.example");
  CHECK(address_key("\"a@b\"@example.com") == "\"a@b\"@example.com");  // split at the last @
}

TEST_CASE("text that is not an address has no key") {
  for (const std::string text : {"foo@", "@example.com", "example.com", "ada lovelace@example.com", "ada@localhost",
                           "ada@@example.com"}) {
    CAPTURE(text);
    CHECK_FALSE(address_key(text).has_value());
  }
}

TEST_CASE("trimming drops spaces, tabs and line ends at both ends only") {
  CHECK(trimmed(" \t ada@example.com\r\n") == "ada@example.com");
  CHECK(trimmed(" a b ") == "a b");
  CHECK(trimmed(" \t\r\n") == "");
}
