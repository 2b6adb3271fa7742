// The fast path: which texts are plain field paths, and that looking them up gives exactly what
// jq gives, errors included.
#include "expression/expression.hpp"
#include "expression/field_path.hpp"

#include <doctest/doctest.h>

using namespace leadflow::expression;
using json = nlohmann::ordered_json;

TEST_CASE("dotted names, quoted keys and bracketed keys are plain field paths") {
  CHECK(parse_field_path(".first_name") == FieldPath{"first_name"});
  CHECK(parse_field_path(".find.email") == FieldPath{"find", "email"});
  CHECK(parse_field_path(".[\"first name\"]") == FieldPath{"first name"});
  CHECK(parse_field_path(".find[\"e mail\"].x") == FieldPath{"find", "e mail", "x"});
  CHECK(parse_field_path(".\"company.domain\"") == FieldPath{"company.domain"});
  CHECK(parse_field_path(".\"Prénom\"") == FieldPath{"Prénom"});
  CHECK(parse_field_path("  .email  ") == FieldPath{"email"});
  CHECK(parse_field_path(".") == FieldPath{});
  CHECK(parse_field_path(".if._x9") == FieldPath{"if", "_x9"});
}

TEST_CASE("anything else is left to jq") {
  for (const char* text : {"", "email", ".a.", ". a", ".a .b", ".a | .b", ".a?", ".[0]", ".a[0]",
                           ".a.[\"b\"]", "[\"a\"]", ".9a", ".\"a\\\"b\"", ".\"\\(.x)\"", ".[\"a\" ]",
                           ".é", ".a // .b", "..", ".\"unclosed"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_field_path(text).has_value());
  }
}

TEST_CASE("a missing key and a null on the way give null") {
  const json record{{"find", {{"status", "not_found"}}}, {"middle", nullptr}};
  CHECK(look_up(record, {"nowhere"}).is_null());
  CHECK(look_up(record, {"middle", "deeper"}).is_null());
  CHECK(look_up(record, {"find", "email"}).is_null());
  CHECK(look_up(record, {"find", "status"}) == "not_found");
  CHECK(look_up(record, {}) == record);
}

TEST_CASE("the fast path answers exactly as jq does, errors included") {
  const json inputs[] = {
      json{{"a", {{"b", 1}}}, {"s", "x"}, {"n", 3}, {"t", true}, {"f", false}, {"l", json::array({1})}, {"z", nullptr}},
      json(nullptr), json(5), json("text"), json::array({1, 2}), json(false)};
  const char* paths[] = {".a", ".a.b", ".a.b.c", ".s.x", ".n[\"k\"]", ".t.x", ".f.x", ".l.x", ".z.x", ".missing.x", "."};
  for (const char* path : paths) {
    const auto fast = Expression::compile(path);
    const auto by_jq = Expression::compile(std::string("(") + path + ")");
    REQUIRE(fast.plain_path());
    REQUIRE_FALSE(by_jq.plain_path());
    for (const auto& input : inputs) {
      CAPTURE(path);
      CAPTURE(input.dump());
      std::string fast_error, jq_error;
      std::optional<json> fast_value, jq_value;
      try { fast_value = fast.first(input); } catch (const EvaluationError& e) { fast_error = e.what(); }
      try { jq_value = by_jq.first(input); } catch (const EvaluationError& e) { jq_error = e.what(); }
      CHECK(fast_error == jq_error);
      CHECK(fast_value == jq_value);
    }
  }
}
