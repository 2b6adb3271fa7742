// UTF-8 validation decides whether a CSV cell can go into JSON unchanged.
#include "io/utf8_text.hpp"

#include <doctest/doctest.h>

using namespace leadflow::io;

TEST_CASE("valid UTF-8 of every sequence length passes") {
  CHECK_FALSE(first_invalid_utf8("plain ascii").has_value());
  CHECK_FALSE(first_invalid_utf8("Ren\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80").has_value());
}

TEST_CASE("a Windows-1252 byte, a truncated sequence, an overlong form and a surrogate are invalid") {
  CHECK(first_invalid_utf8("Ren\xE9") == 3u);
  CHECK(first_invalid_utf8("ab\xE2\x82") == 2u);
  CHECK(first_invalid_utf8("\xC0\xAF") == 0u);
  CHECK(first_invalid_utf8("x\xED\xA0\x80") == 1u);
}

TEST_CASE("each invalid byte is replaced by U+FFFD and valid text is untouched") {
  CHECK(replace_invalid_utf8("Ren\xE9!") == "Ren\xEF\xBF\xBD!");
  CHECK(replace_invalid_utf8("\xC3\xA9") == "\xC3\xA9");
}
