// Checking a provider's config against its plugin's manifest before any request is made:
// defaults filled, types and required fields checked, unknown keys caught with a hint.
#pragma once

#include "plugin/manifest.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace leadflow::plugin {

// One problem with one config key. key is the top-level config key ("" when the config itself
// is not an object), so the caller can point at its YAML line. Messages never contain values.
struct ConfigProblem {
  std::string key;
  std::string message;
  std::string hint;
};

struct ValidatedConfig {
  nlohmann::json config;                   // the config with defaults filled in
  std::vector<ConfigProblem> problems;     // empty when the config is usable
  std::vector<std::string> secret_values;  // values of secret fields, for redaction
  bool ok() const { return problems.empty(); }
};

ValidatedConfig validate_config(const Manifest& manifest, const nlohmann::json& config);

}  // namespace leadflow::plugin
