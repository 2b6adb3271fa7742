// A workflow file's YAML as a plain tree whose scalar values are already ${VAR}-interpolated and
// whose every node knows its place in the file. The model is built from this tree, so yaml-cpp
// stays inside yaml_tree.cpp.
#pragma once

#include "workflow/diagnostic.hpp"
#include "workflow/environment.hpp"
#include "workflow/source_map.hpp"
#include "workflow/unresolved_variable.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::workflow {

struct YamlEntry;

struct YamlNode {
  enum class Kind { empty, scalar, map, sequence };  // empty: no value, ~ or null

  Kind kind = Kind::empty;
  SourceLocation where;  // the value's first byte; for an empty value, its key
  std::string path;      // "providers.norbert.config.api_key", "steps[0].id"

  std::string text;      // scalar: the value after interpolation
  bool plain = false;    // scalar written bare, without ${...}: YAML reads it as a number, bool or null when it looks like one
  SourceMap positions;   // scalar: where each byte of text sits in the file

  std::vector<YamlEntry> entries;  // map, in file order, keys unique
  std::vector<YamlNode> items;     // sequence
};

struct YamlEntry {
  std::string key;
  SourceLocation key_where;
  YamlNode value;
};

struct YamlTree {
  YamlNode root;
  std::vector<UnresolvedVariable> unresolved;
};

// Parses and interpolates `text`. A YAML syntax error returns nullopt with one diagnostic; other
// problems (malformed ${...}, duplicate or non-scalar keys) are appended to `errors` and the
// tree is still returned.
std::optional<YamlTree> read_yaml_tree(std::string_view text, const std::string& file_name, const Environment& environment,
                                       std::vector<Diagnostic>& errors);

// "a map", "a list", "a single value", "empty", for messages about wrong types.
std::string_view describe(YamlNode::Kind kind);

}  // namespace leadflow::workflow
