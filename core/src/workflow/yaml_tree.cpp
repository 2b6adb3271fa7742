// Reading YAML into an interpolated, located tree; see yaml_tree.hpp.
#include "workflow/yaml_tree.hpp"

#include "workflow/interpolation.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>

namespace leadflow::workflow {
namespace {

class TreeReader {
 public:
  TreeReader(std::string_view text, const std::string& file_name, const Environment& environment, std::vector<Diagnostic>& errors)
      : lines_(SourceMap::lines_of(text)), file_name_(file_name), environment_(environment), errors_(errors) {}

  YamlTree read(const YAML::Node& root) {
    tree_.root = node(root, {file_name_, 1, 1}, "");
    return std::move(tree_);
  }

 private:
  SourceLocation location(const YAML::Mark& mark, const SourceLocation& fallback) const {
    if (mark.line < 0 || mark.column < 0) return fallback;
    return {file_name_, mark.line + 1, mark.column + 1};
  }

  YamlNode node(const YAML::Node& yaml, const SourceLocation& fallback, const std::string& path) {
    YamlNode result;
    result.path = path;
    switch (yaml.Type()) {
      case YAML::NodeType::Scalar: scalar(yaml, location(yaml.Mark(), fallback), result); break;
      case YAML::NodeType::Map: map(yaml, location(yaml.Mark(), fallback), result); break;
      case YAML::NodeType::Sequence: sequence(yaml, location(yaml.Mark(), fallback), result); break;
      default: result.where = fallback; break;  // an empty value's own mark is wherever the parser went next
    }
    return result;
  }

  void scalar(const YAML::Node& yaml, SourceLocation where, YamlNode& result) {
    const std::string& raw = yaml.Scalar();
    const SourceMap raw_positions = SourceMap::of_scalar(lines_, where, raw);
    auto interpolated = interpolate(raw, environment_);
    for (auto& problem : interpolated.problems)
      errors_.push_back({raw_positions.at(problem.offset), std::move(problem.message), std::move(problem.hint)});
    for (auto& missing : interpolated.missing) tree_.unresolved.push_back({missing.name, result.path, raw_positions.at(missing.offset)});

    result.kind = YamlNode::Kind::scalar;
    result.where = std::move(where);
    result.text = std::move(interpolated.text);
    result.plain = yaml.Tag() == "?" && !interpolated.has_references;
    result.positions = raw_positions.derived(interpolated.origin);
  }

  void map(const YAML::Node& yaml, SourceLocation where, YamlNode& result) {
    result.kind = YamlNode::Kind::map;
    result.where = std::move(where);
    std::map<std::string, SourceLocation> seen;
    for (auto it = yaml.begin(); it != yaml.end(); ++it) {
      const SourceLocation key_where = location(it->first.Mark(), result.where);
      if (!it->first.IsScalar()) {
        errors_.push_back({key_where, "a map key must be a plain word, not " + std::string(describe(kind_of(it->first))),
                           "write keys as `name: value`"});
        continue;
      }
      const std::string key = it->first.Scalar();
      if (auto [first, inserted] = seen.emplace(key, key_where); !inserted) {
        errors_.push_back({key_where, fmt::format("the key '{}' appears twice in the same map", key),
                           fmt::format("the first '{}' is on line {}; keep only one", key, first->second.line)});
        continue;
      }
      const std::string child_path = result.path.empty() ? key : result.path + "." + key;
      result.entries.push_back({key, key_where, node(it->second, key_where, child_path)});
    }
  }

  void sequence(const YAML::Node& yaml, SourceLocation where, YamlNode& result) {
    result.kind = YamlNode::Kind::sequence;
    result.where = std::move(where);
    std::size_t index = 0;
    for (const auto& item : yaml) {
      result.items.push_back(node(item, result.where, fmt::format("{}[{}]", result.path, index)));
      ++index;
    }
  }

  static YamlNode::Kind kind_of(const YAML::Node& yaml) {
    if (yaml.IsMap()) return YamlNode::Kind::map;
    if (yaml.IsSequence()) return YamlNode::Kind::sequence;
    if (yaml.IsScalar()) return YamlNode::Kind::scalar;
    return YamlNode::Kind::empty;
  }

  std::vector<std::string_view> lines_;
  const std::string& file_name_;
  const Environment& environment_;
  std::vector<Diagnostic>& errors_;
  YamlTree tree_;
};

}  // namespace

std::optional<YamlTree> read_yaml_tree(std::string_view text, const std::string& file_name, const Environment& environment,
                                       std::vector<Diagnostic>& errors) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    const SourceLocation where{file_name, e.mark.line + 1, e.mark.column + 1};
    errors.push_back({where, "this is not valid YAML: " + e.msg,
                      "check the indentation (spaces, not tabs) and the quoting on this line and the one before"});
    return std::nullopt;
  }
  return TreeReader(text, file_name, environment, errors).read(root);
}

std::string_view describe(YamlNode::Kind kind) {
  switch (kind) {
    case YamlNode::Kind::scalar: return "a single value";
    case YamlNode::Kind::map: return "a map";
    case YamlNode::Kind::sequence: return "a list";
    case YamlNode::Kind::empty: break;
  }
  return "empty";
}

}  // namespace leadflow::workflow
