// The lookups the result cache must treat as one: the same lead typed differently in two lead
// lists, or twice in one.
#include "cache/lookup_key.hpp"

#include <doctest/doctest.h>

namespace leadflow::cache {
namespace {

using nlohmann::json;

}  // namespace

TEST_CASE("case and extra spaces do not make a different name") {
  CHECK(normalise_text("  Ada   LOVELACE ") == "ada lovelace");
  CHECK(normalise_text("Ada\tLovelace\r\n") == "ada lovelace");
}

TEST_CASE("fullwidth letters read as their ASCII twins") { CHECK(normalise_text("Ｃｙｒｉｌ") == "cyril"); }

TEST_CASE("case folding turns the sharp s into ss") { CHECK(normalise_text("Straße") == "strasse"); }

TEST_CASE("a composed and a decomposed accent are the same letter") {
  CHECK(normalise_text("\xC3\x89mile") == normalise_text("E\xCC\x81mile"));  // "É" vs "E" + U+0301
  CHECK(normalise_text("\xC3\x89mile") == "\xC3\xA9mile");
}

TEST_CASE("Unicode spaces collapse with the rest into one ASCII space") {
  // U+00A0 no-break space, U+2003 em space, U+3000 ideographic space, U+2028 line separator
  CHECK(normalise_text("\xC2\xA0" "Ada\xE2\x80\x83\xE3\x80\x80Lovelace\xE2\x80\xA8") == "ada lovelace");
}

TEST_CASE("text that is not UTF-8 comes back byte for byte and does not throw") {
  const std::string latin1 = "  Jos\xE9  ";
  CHECK(normalise_text(latin1) == latin1);
  CHECK(normalise_text(std::string("\xC0\xAF", 2)) == std::string("\xC0\xAF", 2));  // overlong "/"
  CHECK(normalise_text("") == "");
}

TEST_CASE("a domain loses its scheme, www. and trailing slash or dot") {
  CHECK(lookup_key(json{{"domain", "https://www.Acme.com/"}}) == lookup_key(json{{"domain", "acme.com"}}));
  CHECK(lookup_key(json{{"domain", "acme.com"}}) == R"({"domain":"acme.com"})");
  CHECK(lookup_key(json{{"website", "http://acme.com."}}) == R"({"website":"acme.com"})");
  CHECK(lookup_key(json{{"company_domain", " WWW.ACME.COM// "}}) == R"({"company_domain":"acme.com"})");
}

TEST_CASE("only domain-like fields lose URL decoration") {
  CHECK(lookup_key(json{{"company", "www.Acme."}}) == R"({"company":"www.acme."})");
}

TEST_CASE("an email is normalised like any text") {
  CHECK(lookup_key(json{{"email", " Ada.Lovelace@ACME.com "}}) == R"({"email":"ada.lovelace@acme.com"})");
}

TEST_CASE("the same lead typed differently gives the same key") {
  const auto tidy = json{{"full_name", "Ada Lovelace"}, {"domain", "acme.com"}};
  const auto messy = json{{"domain", "https://www.ACME.com/"}, {"full_name", "  ada\u00A0 LOVELACE"}, {"company", ""}};
  CHECK(lookup_key(messy) == lookup_key(tidy));
  CHECK(lookup_key(tidy) == R"({"domain":"acme.com","full_name":"ada lovelace"})");
}

TEST_CASE("empty and null values are dropped, so they equal a missing field") {
  CHECK(lookup_key(json{{"domain", ""}}) == lookup_key(json::object()));
  CHECK(lookup_key(json{{"domain", "   "}, {"company", nullptr}, {"tags", json::array()}}) == "{}");
  CHECK(lookup_key(json{{"domain", "https://www./"}}) == "{}");
}

TEST_CASE("different people keep different keys") {
  CHECK(lookup_key(json{{"full_name", "Ada Lovelace"}}) != lookup_key(json{{"full_name", "Ada Byron"}}));
  CHECK(lookup_key(json{{"full_name", "acme.com"}}) != lookup_key(json{{"domain", "acme.com"}}));
}

TEST_CASE("numbers, booleans and nested values are written as JSON, unchanged") {
  CHECK(lookup_key(json{{"limit", 5}, {"strict", true}, {"names", {"Ada", "Bob"}}}) ==
        R"({"limit":5,"names":["Ada","Bob"],"strict":true})");
  CHECK(lookup_key(json{{"x", {{"b", 1}, {"a", 2}}}}) == R"({"x":{"a":2,"b":1}})");
}

TEST_CASE("quotes, backslashes and control characters are escaped") {
  CHECK(lookup_key(json{{"company", "A \"B\" \\ C\x01"}}) == R"({"company":"a \"b\" \\ c\u0001"})");
}

TEST_CASE("a value that is not UTF-8 gives a valid UTF-8 key and does not collide with its replacement") {
  const auto key = lookup_key(json{{"full_name", "Jos\xE9"}});
  CHECK(key == R"({"full_name":"Jos\xe9"})");
  CHECK(key != lookup_key(json{{"full_name", "Jos\xEF\xBF\xBD"}}));
  CHECK(key != lookup_key(json{{"full_name", "Jos"}}));
}

TEST_CASE("an input that is not an object is written as JSON") {
  CHECK(lookup_key(json("Ada")) == R"("Ada")");
  CHECK(lookup_key(json()) == "null");
}

}  // namespace leadflow::cache
