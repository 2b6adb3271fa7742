// Step input templates: rendering from a record and syntax errors at their exact column.
#include "workflow/template.hpp"

#include <doctest/doctest.h>

using namespace leadflow::workflow;

namespace {

const SourceLocation value_start{"wf.yaml", 7, 18};

Template parsed(std::string_view text) {
  std::vector<Diagnostic> errors;
  auto result = Template::parse(text, value_start, errors);
  REQUIRE(errors.empty());
  return result;
}

}  // namespace

TEST_CASE("placeholders are filled from the record with the literal text around them kept") {
  const nlohmann::ordered_json record{{"first_name", "Ada"}, {"last_name", "Lovelace"}};
  auto full_name = parsed("{{first_name}} {{last_name}}");
  CHECK(full_name.render(record) == "Ada Lovelace");
  CHECK(full_name.fields() == std::vector<std::string>{"first_name", "last_name"});
  CHECK(full_name.source() == "{{first_name}} {{last_name}}");
}

TEST_CASE("whitespace inside the braces is allowed") {
  CHECK(parsed("<{{  domain }}>").render({{"domain", "acme.com"}}) == "<acme.com>");
}

TEST_CASE("a dotted path reads a nested field, such as an earlier step's output") {
  const nlohmann::ordered_json record{{"name", "Ada"}, {"find", {{"email", "ada@acme.com"}, {"confidence", 91}}}};
  CHECK(parsed("{{find.email}}").render(record) == "ada@acme.com");
}

TEST_CASE("a column whose name contains a dot is found as a whole key first") {
  const nlohmann::ordered_json record{{"company.domain", "acme.com"}};
  CHECK(parsed("{{company.domain}}").render(record) == "acme.com");
}

TEST_CASE("a missing field and a null render as nothing") {
  const nlohmann::ordered_json record{{"middle", nullptr}, {"find", {{"status", "not_found"}}}};
  CHECK(parsed("[{{nowhere}}][{{middle}}][{{find.email}}][{{find.status.deeper}}]").render(record) == "[][][][]");
}

TEST_CASE("numbers, booleans and objects render as their JSON text") {
  const nlohmann::ordered_json record{{"score", 91}, {"ratio", 0.5}, {"ok", true}, {"obj", {{"a", 1}}}};
  CHECK(parsed("{{score}} {{ratio}} {{ok}} {{obj}}").render(record) == "91 0.5 true {\"a\":1}");
}

TEST_CASE("an unclosed {{ is reported at the column of its braces") {
  std::vector<Diagnostic> errors;
  Template::parse("Hi {{first_name", value_start, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where.line == 7);
  CHECK(errors[0].where.column == 18 + 3);
  CHECK(errors[0].message.find("never closed") != std::string::npos);
}

TEST_CASE("a {{ opened again before the first is closed is reported at the first") {
  std::vector<Diagnostic> errors;
  Template::parse("{{a {{b}}", value_start, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where.column == 18);
}

TEST_CASE("an empty placeholder is reported at its column") {
  std::vector<Diagnostic> errors;
  Template::parse("{{a}} {{  }}", value_start, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where.column == 18 + 6);
  CHECK(errors[0].message.find("empty placeholder") != std::string::npos);
}

TEST_CASE("text without placeholders renders as itself, single braces included") {
  CHECK(parsed("{not a field} }}").render({}) == "{not a field} }}");
}
