// The plugin manifest (leadflow.manifest.v1): what a plugin says about itself — config fields,
// rate-limit classes, capabilities and their costs — parsed from lf_plugin.manifest_json.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::plugin {

// One config, input or output field. type is one of: string, integer, number, boolean, array, object.
struct Field {
  std::string name;
  std::string type;
  std::string description;
  bool required = false;
  bool secret = false;
  std::optional<nlohmann::json> default_value;
};

// A rate-limit class that lf_http_request.rate_limit_key refers to.
struct RateLimitClass {
  std::string name;
  std::optional<double> per_second, per_minute, per_hour, per_day;
  std::optional<int> burst, max_in_flight;
};

struct Capability {
  std::string name;
  std::string description;
  std::vector<Field> input, output;
  double cost_credits = 0;
  std::string cost_charged = "never";  // always | on_success | never
  int max_batch = 1;                 // > 1: the operation takes {"items": [...]} (docs/abi.md)
  std::optional<int> max_in_flight;  // operations of this capability at once per account
};

struct Manifest {
  std::string id, name, version, description, homepage;
  std::vector<Field> config;
  std::vector<RateLimitClass> rate_limits;
  std::vector<Capability> capabilities;
  nlohmann::json json;  // the manifest as the plugin wrote it

  const Capability* capability(std::string_view name) const;
  const Field* config_field(std::string_view name) const;
  const RateLimitClass* rate_limit(std::string_view name) const;
};

// what() names the offending key, e.g. "config.base_url is missing (every manifest must declare it)".
struct ManifestError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses and checks a leadflow.manifest.v1 document. Throws ManifestError.
Manifest parse_manifest(std::string_view json_text);

}  // namespace leadflow::plugin
