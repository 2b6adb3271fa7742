// Config validation against a manifest: defaults, types, required and unknown keys, secrets,
// and no config value ever quoted in a message.
#include "plugin/config_validation.hpp"

#include <doctest/doctest.h>

using namespace leadflow::plugin;

namespace {

Manifest voilanorbert_manifest() {
  return parse_manifest(R"json({
    "schema": "leadflow.manifest.v1", "id": "voilanorbert", "name": "VoilaNorbert", "version": "0.1.0",
    "config": {
      "api_key": {"type": "string", "required": true, "secret": true, "description": "API key (Integrations page)"},
      "base_url": {"type": "string", "default": "https://api.voilanorbert.com/2018-01-08"},
      "poll_interval_ms": {"type": "integer", "default": 10000},
      "min_confidence": {"type": "number"},
      "verify": {"type": "boolean", "default": false}
    },
    "rate_limits": {"default": {"per_minute": 120}},
    "capabilities": {"account": {"input": {}, "output": {}}}
  })json");
}

const ConfigProblem* problem_for(const ValidatedConfig& validated, std::string_view key) {
  for (const auto& problem : validated.problems)
    if (problem.key == key) return &problem;
  return nullptr;
}

}  // namespace

TEST_CASE("missing optional fields get their defaults and given values are kept") {
  auto validated = validate_config(voilanorbert_manifest(), {{"api_key", "k-123"}, {"poll_interval_ms", 500}});
  CHECK(validated.ok());
  CHECK(validated.config["base_url"] == "https://api.voilanorbert.com/2018-01-08");
  CHECK(validated.config["poll_interval_ms"] == 500);
  CHECK(validated.config["verify"] == false);
  CHECK_FALSE(validated.config.contains("min_confidence"));
}

TEST_CASE("a missing required field is reported under its key with its description as the hint") {
  auto validated = validate_config(voilanorbert_manifest(), nlohmann::json::object());
  CHECK_FALSE(validated.ok());
  const auto* problem = problem_for(validated, "api_key");
  REQUIRE(problem);
  CHECK(problem->message == "config key 'api_key' is required by plugin voilanorbert");
  CHECK(problem->hint == "api_key: API key (Integrations page)");
}

TEST_CASE("an unknown key suggests the closest declared key") {
  auto validated = validate_config(voilanorbert_manifest(), {{"api-key", "k-123"}});
  const auto* problem = problem_for(validated, "api-key");
  REQUIRE(problem);
  CHECK(problem->message == "unknown config key 'api-key' for plugin voilanorbert; did you mean 'api_key'?");
  CHECK(problem->hint.find("api_key, base_url, poll_interval_ms") != std::string::npos);
}

TEST_CASE("an unknown key that resembles nothing gets no suggestion") {
  auto validated = validate_config(voilanorbert_manifest(), {{"api_key", "k"}, {"colour_scheme", "dark"}});
  const auto* problem = problem_for(validated, "colour_scheme");
  REQUIRE(problem);
  CHECK(problem->message == "unknown config key 'colour_scheme' for plugin voilanorbert");
}

TEST_CASE("types are checked: integer is not number, strings are not numbers") {
  SUBCASE("a fraction for an integer") {
    auto validated = validate_config(voilanorbert_manifest(), {{"api_key", "k"}, {"poll_interval_ms", 2.5}});
    const auto* problem = problem_for(validated, "poll_interval_ms");
    REQUIRE(problem);
    CHECK(problem->message == "config key 'poll_interval_ms' for plugin voilanorbert must be an integer, not a number");
  }
  SUBCASE("an integer for a number is fine") {
    CHECK(validate_config(voilanorbert_manifest(), {{"api_key", "k"}, {"min_confidence", 80}}).ok());
  }
  SUBCASE("a string for a boolean") {
    auto validated = validate_config(voilanorbert_manifest(), {{"api_key", "k"}, {"verify", "yes"}});
    REQUIRE(problem_for(validated, "verify"));
    CHECK(problem_for(validated, "verify")->message == "config key 'verify' for plugin voilanorbert must be a boolean, not a string");
  }
  SUBCASE("a config that is not a mapping") {
    auto validated = validate_config(voilanorbert_manifest(), nlohmann::json::array());
    REQUIRE(problem_for(validated, ""));
    CHECK(problem_for(validated, "")->message.find("must be a mapping of keys to values") != std::string::npos);
  }
}

TEST_CASE("secret values are returned for redaction and never appear in a message") {
  auto validated = validate_config(voilanorbert_manifest(), {{"api_key", "sk-live-SECRET"}, {"poll_interval_ms", "sk-other-SECRET"}});
  CHECK(validated.secret_values == std::vector<std::string>{"sk-live-SECRET"});
  REQUIRE(problem_for(validated, "poll_interval_ms"));
  for (const auto& problem : validated.problems) {
    CHECK(problem.message.find("SECRET") == std::string::npos);
    CHECK(problem.hint.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("a secret of the wrong type is still redacted and reported without its value") {
  auto validated = validate_config(voilanorbert_manifest(), {{"api_key", 123456789}});
  CHECK(validated.secret_values == std::vector<std::string>{"123456789"});
  REQUIRE(problem_for(validated, "api_key"));
  CHECK(problem_for(validated, "api_key")->message.find("123456789") == std::string::npos);
}
