// Provider config values as JSON: YAML's bare words become numbers, booleans or null the way
// YAML 1.2 (core schema) reads them; quoted and ${...} values stay strings.
#pragma once

#include "workflow/yaml_tree.hpp"

#include <nlohmann/json.hpp>

namespace leadflow::workflow {

nlohmann::json to_json(const YamlNode& node);

}  // namespace leadflow::workflow
