// Reads one map of a workflow file against the keys it allows: unknown keys get a did-you-mean
// hint, missing required keys are reported at the map, wrong kinds of value at the value.
#pragma once

#include "workflow/yaml_tree.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace leadflow::workflow {

class MapReader {
 public:
  // `what` names the map in messages ("the workflow", "provider 'norbert'", "step 'find'").
  // Reports, into `errors`, a value that is not a map and every key outside `allowed`.
  MapReader(const YamlNode& map, std::string what, std::vector<std::string> allowed, std::vector<Diagnostic>& errors);

  // The value of `key`, or nullptr when the key is absent or has no value.
  const YamlNode* optional(std::string_view key) const;
  // The same, but reports a missing key (at the map) or a missing value (at the key). A key
  // that is only misspelt ("capabilty") is reported once, as the unknown key.
  const YamlNode* required(std::string_view key, std::string hint) const;

  // A value that must be a single value (not a map or list); reports it otherwise.
  const YamlNode* optional_scalar(std::string_view key) const;
  const YamlNode* required_scalar(std::string_view key, std::string hint) const;

  // Reports `value` unless it is of `kind`. `expectation` completes "'steps' must be ...".
  bool expect(const YamlNode& value, YamlNode::Kind kind, std::string_view expectation, std::string hint) const;

  bool is_map() const { return map_.kind == YamlNode::Kind::map; }

 private:
  const YamlEntry* entry(std::string_view key) const;

  const YamlNode& map_;
  std::string what_;
  std::vector<std::string> misspelt_;  // allowed keys that an unknown key was suggested to be
  std::vector<Diagnostic>& errors_;
};

}  // namespace leadflow::workflow
