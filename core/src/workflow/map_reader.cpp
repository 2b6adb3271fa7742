// Reading workflow maps; see map_reader.hpp.
#include "workflow/map_reader.hpp"

#include "spelling/spelling.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::workflow {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

}  // namespace

MapReader::MapReader(const YamlNode& map, std::string what, std::vector<std::string> allowed, std::vector<Diagnostic>& errors)
    : map_(map), what_(std::move(what)), errors_(errors) {
  if (map_.kind != YamlNode::Kind::map) {
    errors_.push_back({map_.where, fmt::format("{} must be a map of keys ({}), not {}", what_, joined(allowed), describe(map_.kind)),
                       "write one `key: value` per line, indented under its parent"});
    return;
  }
  for (const auto& entry : map_.entries) {
    if (std::find(allowed.begin(), allowed.end(), entry.key) != allowed.end()) continue;
    errors_.push_back({entry.key_where, fmt::format("unknown key '{}' in {}", entry.key, what_), spelling::did_you_mean_hint(entry.key, allowed)});
    if (auto intended = spelling::closest_match(entry.key, allowed)) misspelt_.push_back(*intended);
  }
}

const YamlEntry* MapReader::entry(std::string_view key) const {
  for (const auto& entry : map_.entries)
    if (entry.key == key) return &entry;
  return nullptr;
}

const YamlNode* MapReader::optional(std::string_view key) const {
  const auto* found = entry(key);
  if (!found || found->value.kind == YamlNode::Kind::empty) return nullptr;
  return &found->value;
}

const YamlNode* MapReader::required(std::string_view key, std::string hint) const {
  const auto* found = entry(key);
  if (!found) {
    const bool misspelt = std::find(misspelt_.begin(), misspelt_.end(), key) != misspelt_.end();
    if (is_map() && !misspelt) errors_.push_back({map_.where, fmt::format("{} has no '{}'", what_, key), std::move(hint)});
    return nullptr;
  }
  if (found->value.kind == YamlNode::Kind::empty) {
    errors_.push_back({found->key_where, fmt::format("'{}' in {} has no value", key, what_), std::move(hint)});
    return nullptr;
  }
  return &found->value;
}

const YamlNode* MapReader::optional_scalar(std::string_view key) const {
  const auto* value = optional(key);
  if (value && !expect(*value, YamlNode::Kind::scalar, "a single value", fmt::format("write it as `{}: value`", key))) return nullptr;
  return value;
}

const YamlNode* MapReader::required_scalar(std::string_view key, std::string hint) const {
  const auto* value = required(key, hint);
  if (value && !expect(*value, YamlNode::Kind::scalar, "a single value", std::move(hint))) return nullptr;
  return value;
}

bool MapReader::expect(const YamlNode& value, YamlNode::Kind kind, std::string_view expectation, std::string hint) const {
  if (value.kind == kind) return true;
  errors_.push_back({value.where, fmt::format("'{}' must be {}, not {}", value.path, expectation, describe(value.kind)), std::move(hint)});
  return false;
}

}  // namespace leadflow::workflow
