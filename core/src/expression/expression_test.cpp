// Workflow expressions end to end: what `when:` conditions and input mappings written in jq
// give on records, how mistakes are reported, and what expressions cannot reach.
#include "expression/expression.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <vector>

using namespace leadflow::expression;
using json = nlohmann::ordered_json;

namespace {

const json lead{
    {"first_name", "Ada"}, {"last_name", "Lovelace"}, {"email", "ada@acme.com"}, {"score", 91},
    {"tags", {"vip", "uk"}}, {"middle", nullptr},
    {"find", {{"email", nullptr}, {"provider", "voilanorbert"}}}};

json first_of(std::string_view text, const json& input = lead) {
  const auto value = Expression::compile(text).first(input);
  REQUIRE(value.has_value());
  return *value;
}

CompileError compile_error_of(std::string_view text) {
  try {
    Expression::compile(text);
  } catch (const CompileError& error) {
    return error;
  }
  FAIL("expected a compile error for: " << text);
  return CompileError("", 0);
}

std::string evaluation_error_of(std::string_view text, const json& input = lead) {
  const auto expression = Expression::compile(text);
  try {
    expression.first(input);
  } catch (const EvaluationError& error) {
    return error.what();
  }
  FAIL("expected an evaluation error for: " << text);
  return {};
}

}  // namespace

TEST_CASE("a plain field path is answered without jq and names the keys it reads") {
  const auto name = Expression::compile(".first_name");
  CHECK(name.first(lead) == json("Ada"));
  CHECK(name.plain_path() == FieldPath{"first_name"});
  CHECK(name.source() == ".first_name");
  CHECK(Expression::compile(".[\"first name\"]").first({{"first name", "Ada"}}) == json("Ada"));
}

TEST_CASE("a nested path reads an earlier step's output") {
  const json record{{"find", {{"email", "ada@acme.com"}, {"score", 97}}}};
  CHECK(first_of(".find.email", record) == "ada@acme.com");
  CHECK(first_of(".find | .score", record) == 97);
  CHECK(Expression::compile(".find | .score").plain_path() == std::nullopt);
}

TEST_CASE("a missing field is null, not nothing") {
  CHECK(Expression::compile(".nowhere").first(lead) == json(nullptr));
  CHECK(Expression::compile(".find.nowhere.deeper").first(lead) == json(nullptr));
  CHECK(Expression::compile(".tags | .[5]").first(lead) == json(nullptr));
}

TEST_CASE("// falls back when the value is null, false or missing") {
  CHECK(first_of(".find.email // .email") == "ada@acme.com");
  CHECK(first_of(".find.provider // .email") == "voilanorbert");
  CHECK(first_of(".middle // .nowhere // \"unknown\"") == "unknown");
  CHECK(first_of(".nowhere // .also_nowhere").is_null());
}

TEST_CASE("string interpolation joins fields into one value") {
  CHECK(first_of("\"\\(.first_name) \\(.last_name)\"") == "Ada Lovelace");
  CHECK(first_of("\"\\(.first_name) <\\(.score)>\"") == "Ada <91>");
}

TEST_CASE("test() matches a regular expression (oniguruma), with flags") {
  const auto corporate = Expression::compile(".email | test(\"@acme\\\\.com$\")");
  CHECK(corporate.truthy(lead));
  CHECK_FALSE(corporate.truthy({{"email", "ada@gmail.com"}}));
  CHECK(Expression::compile(".email | test(\"ACME\"; \"i\")").truthy(lead));
  CHECK(first_of(".email | capture(\"@(?<domain>.+)$\").domain") == "acme.com");
}

TEST_CASE("select yields the record when it matches and nothing when it does not") {
  const auto high = Expression::compile("select(.score > 50)");
  CHECK(high.first(lead) == lead);
  CHECK(high.truthy(lead));
  const auto low = Expression::compile("select(.score < 50)");
  CHECK(low.first(lead) == std::nullopt);
  CHECK_FALSE(low.truthy(lead));
}

TEST_CASE("arrays can be indexed, measured, mapped and searched") {
  CHECK(first_of(".tags[0]") == "vip");
  CHECK(first_of(".tags | length") == 2);
  CHECK(first_of("[.tags[] | ascii_upcase]") == json{"VIP", "UK"});
  CHECK(Expression::compile("any(.tags[]; . == \"uk\")").truthy(lead));
  CHECK(Expression::compile("(.tags | index(\"vip\")) == 0").truthy(lead));
}

TEST_CASE("a program with several outputs gives its first, and one with none gives nothing") {
  CHECK(first_of(".tags[]") == "vip");
  CHECK(first_of("1, 2, 3") == 1);
  CHECK(Expression::compile("empty").first(lead) == std::nullopt);
  CHECK(Expression::compile(".tags[] | select(. == \"fr\")").first(lead) == std::nullopt);
}

TEST_CASE("truthiness is jq's: only false, null and no output are false") {
  struct Row {
    const char* text;
    bool truthy;
  };
  for (const Row row : {Row{"false", false}, Row{"null", false}, Row{"empty", false}, Row{".middle", false},
                        Row{".nowhere", false}, Row{".score < 0", false}, Row{"true", true}, Row{"0", true},
                        Row{"\"\"", true}, Row{"\"false\"", true}, Row{"[]", true}, Row{"{}", true},
                        Row{".first_name", true}, Row{".score > 50", true}, Row{"false, true", false},
                        Row{"null // false", false}}) {
    CAPTURE(row.text);
    CHECK(Expression::compile(row.text).truthy(lead) == row.truthy);
  }
}

TEST_CASE("an unknown function is a compile error at its column") {
  const auto error = compile_error_of(".email | lowercase");
  CHECK(std::string(error.what()) == "lowercase/0 is not defined");
  CHECK(error.column == 10);
}

TEST_CASE("an undefined $variable is a compile error at its column") {
  const auto error = compile_error_of(".score > $threshold");
  CHECK(std::string(error.what()) == "$threshold is not defined");
  CHECK(error.column == 10);
}

TEST_CASE("a syntax error is a compile error at the token jq stopped on") {
  const auto error = compile_error_of(".a | )");
  CHECK(std::string(error.what()).find("syntax error") == 0);
  CHECK(error.column == 6);
  CHECK(std::string(compile_error_of(".a | [1,").what()) == "syntax error, unexpected end of expression");
}

TEST_CASE("in a multi-line expression the column is a byte offset into the whole text") {
  const std::string text = ".score > 50 and\n  (.email | nosuch)";
  const auto error = compile_error_of(text);
  CHECK(std::string(error.what()) == "nosuch/0 is not defined");
  CHECK(error.column == static_cast<int>(text.find("nosuch")) + 1);
}

TEST_CASE("an empty expression does not compile") {
  CHECK(std::string(compile_error_of("").what()) == "the expression is empty");
  CHECK(compile_error_of("   ").column == 1);
}

TEST_CASE("a runtime error is an EvaluationError with jq's message, and the expression stays usable") {
  const auto field_of_number = Expression::compile(".score | .x");
  CHECK_THROWS_WITH_AS(field_of_number.first(lead), "Cannot index number with string \"x\"", EvaluationError);
  CHECK(field_of_number.first({{"score", {{"x", 1}}}}) == json(1));
  CHECK(evaluation_error_of(".score.x") == "Cannot index number with string \"x\"");
  CHECK(evaluation_error_of(".first_name + 1") == "string (\"Ada\") and number (1) cannot be added");
  CHECK(evaluation_error_of("error(\"no email\")") == "no email");
  CHECK(evaluation_error_of("error({code: 7})") == "{\"code\":7}");
  CHECK_THROWS_AS(Expression::compile(".score | .x").truthy(lead), EvaluationError);
}

TEST_CASE("env and $ENV are empty: the process environment, where secrets live, is not visible") {
  ::setenv("LEADFLOW_EXPRESSION_TEST_SECRET", "s3cret", 1);
  CHECK(first_of("env") == json::object());
  CHECK(first_of("$ENV") == json::object());
  CHECK(first_of("env.LEADFLOW_EXPRESSION_TEST_SECRET").is_null());
  CHECK(first_of("$ENV.HOME").is_null());
  CHECK(first_of("def f: env; [f, $ENV, (1 as $x | env)] | map(length)") == json{0, 0, 0});
  CHECK(first_of("[env, $ENV] | tostring | test(\"s3cret\")") == false);
}

TEST_CASE("input, inputs and modulemeta are errors, while debug and stderr pass the value through") {
  CHECK(evaluation_error_of("input") == "input is not available in workflow expressions");
  CHECK(evaluation_error_of("_input") == "input is not available in workflow expressions");
  CHECK(evaluation_error_of("[inputs]") == "inputs is not available in workflow expressions");
  CHECK(evaluation_error_of("\"x\" | modulemeta") == "modulemeta is not available in workflow expressions");
  CHECK(first_of(".first_name | debug") == "Ada");
  CHECK(first_of(".first_name | stderr") == "Ada");
  CHECK(first_of("get_search_list") == json::array());
  CHECK(first_of("input_filename").is_null());
  CHECK(first_of("$__loc__") == json{{"file", "<top-level>"}, {"line", 1}});
}

TEST_CASE("halt and halt_error are errors rather than a silent lack of output") {
  CHECK(evaluation_error_of("halt") == "halt is not available in workflow expressions");
  CHECK(evaluation_error_of("\"bye\" | halt_error") == "halt is not available in workflow expressions");
  CHECK(evaluation_error_of("\"bye\" | halt_error(1)") == "halt is not available in workflow expressions");
}

TEST_CASE("import and include, which would read module files, do not compile") {
  CHECK(std::string(compile_error_of("import \"secrets\" as s; .").what()).find("syntax error") == 0);
  CHECK(std::string(compile_error_of("include \"secrets\"; .").what()).find("syntax error") == 0);
  CHECK(compile_error_of("import \"secrets\" as s; .").column == 1);
}

TEST_CASE("accents and emoji survive the trip through jq, in values and in keys") {
  const json record{{"Prénom", "Zoë"}, {"note", "🚀 café"}};
  CHECK(first_of(".\"Prénom\" + \"\"", record) == "Zoë");
  CHECK(first_of("{(.\"Prénom\"): .note}", record) == json{{"Zoë", "🚀 café"}});
  CHECK(first_of(".note | length", record) == 6);
  CHECK(Expression::compile(".note | test(\"café$\")").truthy(record));
  CHECK(first_of("\"\\(.\"Prénom\") 🎉\"", record) == "Zoë 🎉");
}

TEST_CASE("numbers: integers up to 2^53 and doubles round-trip through jq, and the fast path keeps any integer") {
  const json record{{"int", 9007199254740992LL}, {"negative", -123456789012LL}, {"tenth", 0.1},
                    {"pi", 3.141592653589793}, {"tiny", 1e-7}, {"huge", 1.5e300},
                    {"unsigned", 12345678901234567890ULL}, {"one", 1.0}};
  CHECK(first_of("[.int, .negative, .tenth, .pi, .tiny, .huge]", record) ==
        json{9007199254740992LL, -123456789012LL, 0.1, 3.141592653589793, 1e-7, 1.5e300});
  CHECK(first_of(".int + 1", record) == 9007199254740992LL);  // jq numbers are doubles
  CHECK(first_of(".unsigned", record) == 12345678901234567890ULL);
  CHECK(first_of("[.unsigned][0]", record) == 12345678901234567890.0);
  CHECK(first_of("[.one][0]", record).is_number_integer());  // jq does not tell 1.0 from 1
  CHECK(first_of("{b: 1, a: 2}").dump() == "{\"b\":1,\"a\":2}");
}

TEST_CASE("a moved expression keeps working, in both directions") {
  auto original = Expression::compile(".find.email // .email");
  Expression moved(std::move(original));
  CHECK(moved.first(lead) == json("ada@acme.com"));
  auto assigned = Expression::compile(".first_name");
  assigned = std::move(moved);
  CHECK(assigned.first(lead) == json("ada@acme.com"));

  std::vector<Expression> many;
  for (int i = 0; i < 20; ++i) many.push_back(Expression::compile(".score + " + std::to_string(i)));
  for (int i = 0; i < 20; ++i) CHECK(many[i].first(lead) == json(91 + i));
}

TEST_CASE("two expressions used in turn on different records do not disturb each other") {
  const auto email = Expression::compile(".find.email // .email");
  const auto vip = Expression::compile("any(.tags[]?; . == \"vip\")");
  const json records[] = {lead, json{{"email", "bob@x.io"}, {"tags", {"new"}}},
                          json{{"find", {{"email", "cy@y.io"}}}, {"tags", {"vip"}}}};
  for (int round = 0; round < 3; ++round) {
    CHECK(email.first(records[0]) == json("ada@acme.com"));
    CHECK(vip.truthy(records[1]) == false);
    CHECK(email.first(records[2]) == json("cy@y.io"));
    CHECK(vip.truthy(records[0]) == true);
    CHECK(email.first(records[1]) == json("bob@x.io"));
    CHECK(vip.truthy(records[2]) == true);
  }
}

TEST_CASE("an expression stopped after its first output starts afresh on the next record") {
  const auto each_tag = Expression::compile(".tags[]");
  CHECK(each_tag.first(lead) == json("vip"));
  CHECK(each_tag.first({{"tags", {"b", "c"}}}) == json("b"));
  CHECK_THROWS_AS(each_tag.first({{"tags", 3}}), EvaluationError);
  CHECK(each_tag.first(lead) == json("vip"));
}
