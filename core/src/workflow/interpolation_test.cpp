// ${VAR} interpolation: substitution, defaults, $$, unset variables and malformed references.
#include "workflow/interpolation.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace leadflow::workflow;

namespace {

Environment environment_with(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    if (auto it = variables.find(name); it != variables.end()) return it->second;
    return std::nullopt;
  };
}

}  // namespace

TEST_CASE("a ${VAR} is replaced by the variable's value, surrounded by literal text") {
  auto result = interpolate("key-${API_KEY}-end", environment_with({{"API_KEY", "abc"}}));
  CHECK(result.text == "key-abc-end");
  CHECK(result.has_references);
  CHECK(result.missing.empty());
  CHECK(result.problems.empty());
}

TEST_CASE("${X:-d} uses the default when X is unset") {
  auto result = interpolate("${NORBERT_URL:-https://api.example.com/v1}", environment_with({}));
  CHECK(result.text == "https://api.example.com/v1");
  CHECK(result.missing.empty());
}

TEST_CASE("${X:-d} uses the default when X is set but empty") {
  CHECK(interpolate("${X:-fallback}", environment_with({{"X", ""}})).text == "fallback");
}

TEST_CASE("${X:-d} uses X when it is set and not empty") {
  CHECK(interpolate("${X:-fallback}", environment_with({{"X", "value"}})).text == "value");
}

TEST_CASE("${X} set to the empty string becomes empty and is not reported as unset") {
  auto result = interpolate("a${X}b", environment_with({{"X", ""}}));
  CHECK(result.text == "ab");
  CHECK(result.missing.empty());
}

TEST_CASE("$$ is a literal dollar and is not the start of a reference") {
  auto result = interpolate("costs $$5 and $${HOME}", environment_with({{"HOME", "/root"}}));
  CHECK(result.text == "costs $5 and ${HOME}");
  CHECK_FALSE(result.has_references);
}

TEST_CASE("a lone $ not followed by { or $ stays as written") {
  CHECK(interpolate("price: 5$ or $x", environment_with({})).text == "price: 5$ or $x");
}

TEST_CASE("an unset variable without default becomes empty and is recorded with the offset of its $") {
  auto result = interpolate("Bearer ${TOKEN}", environment_with({}));
  CHECK(result.text == "Bearer ");
  REQUIRE(result.missing.size() == 1);
  CHECK(result.missing[0].name == "TOKEN");
  CHECK(result.missing[0].offset == 7);
  CHECK(result.problems.empty());
}

TEST_CASE("an unclosed ${ is reported at its $") {
  auto result = interpolate("abc ${KEY", environment_with({{"KEY", "x"}}));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].offset == 4);
  CHECK(result.problems[0].message.find("unclosed") != std::string::npos);
}

TEST_CASE("a variable name starting with a digit is reported at its $") {
  auto result = interpolate("x${1BAD}", environment_with({}));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].offset == 1);
  CHECK(result.problems[0].message.find("variable name") != std::string::npos);
}

TEST_CASE("a name followed by something other than } or :- is reported") {
  auto result = interpolate("${NAME-default}", environment_with({}));
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].message.find("':-default'") != std::string::npos);
}

TEST_CASE("origin maps substituted bytes to their $ and default bytes to themselves") {
  auto result = interpolate("a${V}b${W:-cd}", environment_with({{"V", "xyz"}}));
  CHECK(result.text == "axyzbcd");
  CHECK(result.origin == std::vector<std::size_t>{0, 1, 1, 1, 5, 11, 12});
}
