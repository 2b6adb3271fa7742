// Manifest parsing: a good leadflow.manifest.v1 document becomes structs; each defect is
// rejected with the key that is wrong.
#include "plugin/manifest.hpp"

#include <doctest/doctest.h>

using namespace leadflow::plugin;

namespace {

nlohmann::json good_manifest() {
  return nlohmann::json::parse(R"({
    "schema": "leadflow.manifest.v1",
    "id": "voilanorbert",
    "name": "VoilaNorbert",
    "version": "0.1.0",
    "description": "Finds professional emails.",
    "homepage": "https://www.voilanorbert.com",
    "config": {
      "api_key": {"type": "string", "required": true, "secret": true, "description": "API key"},
      "base_url": {"type": "string", "default": "https://api.voilanorbert.com/2018-01-08"},
      "poll_interval_ms": {"type": "integer", "default": 10000}
    },
    "rate_limits": {
      "default": {"per_minute": 120},
      "search_name": {"per_minute": 300, "per_day": 100000, "burst": 10}
    },
    "capabilities": {
      "find_email": {
        "description": "Find an email",
        "input": {"full_name": {"type": "string"}, "domain": {"type": "string"}},
        "output": {"status": {"type": "string"}, "email": {"type": "string"}, "confidence": {"type": "integer"}},
        "cost": {"credits": 1, "charged": "on_success"},
        "max_batch": 1
      },
      "account": {"description": "Credits", "input": {}, "output": {"credits_remaining": {"type": "number"}},
                  "cost": {"credits": 0, "charged": "never"}}
    }
  })");
}

std::string rejection_of(const nlohmann::json& manifest) {
  try {
    parse_manifest(manifest.dump());
  } catch (const ManifestError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("a complete manifest becomes config fields, rate-limit classes and capabilities") {
  auto manifest = parse_manifest(good_manifest().dump());
  CHECK(manifest.id == "voilanorbert");
  CHECK(manifest.version == "0.1.0");
  CHECK(manifest.homepage == "https://www.voilanorbert.com");

  REQUIRE(manifest.config_field("api_key"));
  CHECK(manifest.config_field("api_key")->required);
  CHECK(manifest.config_field("api_key")->secret);
  CHECK(manifest.config_field("poll_interval_ms")->default_value == nlohmann::json(10000));
  CHECK(manifest.config_field("missing") == nullptr);

  REQUIRE(manifest.rate_limit("search_name"));
  CHECK(manifest.rate_limit("search_name")->per_day == 100000);
  CHECK(manifest.rate_limit("search_name")->burst == 10);
  CHECK_FALSE(manifest.rate_limit("search_name")->per_second.has_value());

  const auto* find_email = manifest.capability("find_email");
  REQUIRE(find_email);
  CHECK(find_email->cost_credits == 1);
  CHECK(find_email->cost_charged == "on_success");
  CHECK(find_email->input.size() == 2);
  CHECK(manifest.capability("account")->max_batch == 1);
  CHECK(manifest.json == good_manifest());
}

TEST_CASE("config fields keep the order the plugin wrote them in") {
  auto manifest = parse_manifest(good_manifest().dump());
  REQUIRE(manifest.config.size() == 3);
  CHECK(manifest.config[0].name == "api_key");
  CHECK(manifest.config[2].name == "poll_interval_ms");
}

TEST_CASE("text that is not JSON is rejected as such") {
  CHECK_THROWS_WITH_AS(parse_manifest("{not json"), "manifest is not valid JSON", ManifestError);
}

TEST_CASE("a manifest without base_url names config.base_url") {
  auto manifest = good_manifest();
  manifest["config"].erase("base_url");
  CHECK(rejection_of(manifest) == "manifest key 'config.base_url' is missing: every manifest must declare a base_url config field");
}

TEST_CASE("a manifest without a default rate-limit class names rate_limits.default") {
  auto manifest = good_manifest();
  manifest["rate_limits"].erase("default");
  CHECK(rejection_of(manifest).find("'rate_limits.default' is missing") != std::string::npos);
}

TEST_CASE("a wrong schema name is rejected with both names") {
  auto manifest = good_manifest();
  manifest["schema"] = "leadflow.manifest.v2";
  CHECK(rejection_of(manifest) == "manifest key 'schema' is \"leadflow.manifest.v2\"; this host reads \"leadflow.manifest.v1\"");
}

TEST_CASE("each malformed part is rejected with its key path") {
  auto manifest = good_manifest();
  SUBCASE("unknown field type") {
    manifest["config"]["poll_interval_ms"]["type"] = "int";
    CHECK(rejection_of(manifest).find("'config.poll_interval_ms.type' is \"int\"") != std::string::npos);
  }
  SUBCASE("default of the wrong type") {
    manifest["config"]["poll_interval_ms"]["default"] = "10s";
    CHECK(rejection_of(manifest) == "manifest key 'config.poll_interval_ms.default' is a string but the field's type is integer");
  }
  SUBCASE("a rate of zero") {
    manifest["rate_limits"]["default"]["per_minute"] = 0;
    CHECK(rejection_of(manifest).find("'rate_limits.default.per_minute' must be a number greater than 0") != std::string::npos);
  }
  SUBCASE("an unknown rate-limit key") {
    manifest["rate_limits"]["default"]["per_week"] = 5;
    CHECK(rejection_of(manifest).find("'rate_limits.default.per_week' is not a rate-limit key") != std::string::npos);
  }
  SUBCASE("an unknown charging rule") {
    manifest["capabilities"]["find_email"]["cost"]["charged"] = "sometimes";
    CHECK(rejection_of(manifest).find("'capabilities.find_email.cost.charged' is \"sometimes\"") != std::string::npos);
  }
  SUBCASE("a capability without output") {
    manifest["capabilities"]["find_email"].erase("output");
    CHECK(rejection_of(manifest) == "manifest key 'capabilities.find_email.output' is missing");
  }
  SUBCASE("a batch size of zero") {
    manifest["capabilities"]["find_email"]["max_batch"] = 0;
    CHECK(rejection_of(manifest).find("'capabilities.find_email.max_batch' must be an integer of at least 1") != std::string::npos);
  }
  SUBCASE("no id") {
    manifest.erase("id");
    CHECK(rejection_of(manifest) == "manifest key 'id' is missing");
  }
}
