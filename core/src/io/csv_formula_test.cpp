// Formula neutralising: every character a spreadsheet treats as the start of a formula is
// guarded, and numbers, which spreadsheets read as numbers, are left alone.
#include "io/csv_formula.hpp"

#include <doctest/doctest.h>

using namespace leadflow::io;

TEST_CASE("a cell starting with =, +, -, @, tab or CR gets a single quote in front") {
  CHECK(neutralise_formula("=HYPERLINK(\"http://evil.example\",\"click\")") ==
        "'=HYPERLINK(\"http://evil.example\",\"click\")");
  CHECK(neutralise_formula("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
  CHECK(neutralise_formula("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0");
  CHECK(neutralise_formula("@SUM(1+1)") == "'@SUM(1+1)");
  CHECK(neutralise_formula("\t=1+1") == "'\t=1+1");
  CHECK(neutralise_formula("\r=1+1") == "'\r=1+1");
}

TEST_CASE("a lone formula character is guarded too") {
  for (const std::string text : {"=", "+", "-", "@", "\t", "\r"}) {
    CAPTURE(text);
    CHECK(neutralise_formula(text) == std::string("'") + text);
  }
}

TEST_CASE("plain numbers are left alone, signed or not, with a fraction or an exponent") {
  for (const std::string text : {"-5", "+3.25", "-1e3", "+1E-3", "-0.5", "-.5", "+5.", "42", "3.14"}) {
    CAPTURE(text);
    CHECK(is_plain_number(text));
    CHECK_FALSE(runs_as_formula(text));
    CHECK(neutralise_formula(text) == text);
  }
}

TEST_CASE("text that only looks numeric at first is not a plain number") {
  for (const std::string text : {"+33 1 23 45 67 89", "-1,5", "-1e", "-e3", "+.", "-1-1", "+1+1", "-5 ", "--5", "-Infinity",
                           "-0x1F"}) {
    CAPTURE(text);
    CHECK_FALSE(is_plain_number(text));
    CHECK(runs_as_formula(text));
  }
}

TEST_CASE("an = or a formula character inside the text is harmless and left alone") {
  CHECK(neutralise_formula("a=b") == "a=b");
  CHECK(neutralise_formula("ada+news@example.com") == "ada+news@example.com");
  CHECK(neutralise_formula("Jean-Pierre") == "Jean-Pierre");
  CHECK(neutralise_formula(" =1+1") == " =1+1");
  CHECK(neutralise_formula("") == "");
  CHECK(neutralise_formula("'=1") == "'=1");
}
