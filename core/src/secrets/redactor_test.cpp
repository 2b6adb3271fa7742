#include "secrets/redactor.hpp"

#include <doctest/doctest.h>

using leadflow::secrets::Redactor;

TEST_CASE("a registered secret is masked wherever it appears") {
  Redactor r;
  r.add("sk-live-1234");
  CHECK(r.redact("key=sk-live-1234 and again sk-live-1234.") == "key=***** and again *****.");
}

TEST_CASE("a secret containing another is masked whole, not partially") {
  Redactor r;
  r.add("abcd");
  r.add("xxabcdxx");
  CHECK(r.redact("[xxabcdxx] [abcd]") == "[*****] [*****]");
}

TEST_CASE("very short values are not treated as secrets") {
  Redactor r;
  r.add("1");
  CHECK(r.empty());
  CHECK(r.redact("1 + 1") == "1 + 1");
}
