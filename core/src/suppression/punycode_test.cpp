// Punycode decoding against RFC 3492's own examples, and refusal of text that is not Punycode.
#include "suppression/punycode.hpp"

#include <doctest/doctest.h>

using leadflow::suppression::decode_punycode;

TEST_CASE("common IDN labels decode to their Unicode text") {
  CHECK(decode_punycode("bcher-kva") == "bücher");
  CHECK(decode_punycode("mnchen-3ya") == "münchen");
  CHECK(decode_punycode("caf-dma") == "café");
}

TEST_CASE("RFC 3492 sample strings decode") {
  CHECK(decode_punycode("3B-ww4c5e180e575a65lsy2b") == "3年B組金八先生");        // (L)
  CHECK(decode_punycode("ihqwcrb4cv8a8dqg056pqjye") == "他们为什么不说中文");     // (B)
  CHECK(decode_punycode("-> $1.00 <--") == "-> $1.00 <-");                       // (S) basic code points only
}

TEST_CASE("text that is not Punycode is refused") {
  CHECK_FALSE(decode_punycode("bcher-kv!").has_value());   // not a base-36 digit
  CHECK_FALSE(decode_punycode("bcher-kv").has_value());        // truncated: the last digit is missing
  CHECK_FALSE(decode_punycode("zzzzzzzzzzzzzz").has_value());  // overflows
  CHECK_FALSE(decode_punycode("ü-kva").has_value());           // non-ASCII before the last dash
}
