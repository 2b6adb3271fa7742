// YAML values as JSON; see yaml_json.hpp.
#include "workflow/yaml_json.hpp"

#include <charconv>
#include <cstdlib>
#include <regex>

namespace leadflow::workflow {
namespace {

nlohmann::json plain_scalar(const std::string& text) {
  static const std::regex integer(R"([-+]?[0-9]+)");
  static const std::regex decimal(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (text == "null" || text == "Null" || text == "NULL" || text == "~") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (std::regex_match(text, integer)) {
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    std::int64_t number = 0;
    if (auto [end, error] = std::from_chars(begin, text.data() + text.size(), number); error == std::errc{}) return number;
    return text;  // too large for an integer: keep every digit
  }
  if (std::regex_match(text, decimal)) return std::strtod(text.c_str(), nullptr);
  return text;
}

}  // namespace

nlohmann::json to_json(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::empty: return nullptr;
    case YamlNode::Kind::scalar: return node.plain ? plain_scalar(node.text) : nlohmann::json(node.text);
    case YamlNode::Kind::sequence: {
      auto array = nlohmann::json::array();
      for (const auto& item : node.items) array.push_back(to_json(item));
      return array;
    }
    case YamlNode::Kind::map: {
      auto object = nlohmann::json::object();
      for (const auto& entry : node.entries) object[entry.key] = to_json(entry.value);
      return object;
    }
  }
  return nullptr;
}

}  // namespace leadflow::workflow
