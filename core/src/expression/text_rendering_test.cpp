// Expression values as mapping text: the same rules as the {{field}} templates.
#include "expression/text_rendering.hpp"

#include <doctest/doctest.h>

using namespace leadflow::expression;
using json = nlohmann::ordered_json;

TEST_CASE("strings render as-is, null as nothing, anything else as its JSON text") {
  CHECK(to_text("Zoë") == "Zoë");
  CHECK(to_text(nullptr) == "");
  CHECK(to_text(91) == "91");
  CHECK(to_text(0.5) == "0.5");
  CHECK(to_text(true) == "true");
  CHECK(to_text(json{{"a", 1}}) == "{\"a\":1}");
  CHECK(to_text(json{"x", 2}) == "[\"x\",2]");
}

TEST_CASE("a mapping renders the first output of its expression, or nothing") {
  const json record{{"first_name", "Ada"}, {"last_name", "Lovelace"}, {"email", "ada@acme.com"}};
  CHECK(render_text(Expression::compile(".find.email // .email"), record) == "ada@acme.com");
  CHECK(render_text(Expression::compile("\"\\(.first_name) \\(.last_name)\""), record) == "Ada Lovelace");
  CHECK(render_text(Expression::compile(".middle_name"), record) == "");
  CHECK(render_text(Expression::compile("select(.email == \"\")"), record) == "");
}
