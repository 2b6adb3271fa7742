// Config validation against the manifest; see config_validation.hpp. A config value is never
// quoted in a message: it may be a secret.
#include "plugin/config_validation.hpp"

#include "plugin/field_type.hpp"
#include "spelling/spelling.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::plugin {
namespace {

std::vector<std::string> field_names(const Manifest& manifest) {
  std::vector<std::string> names;
  for (const auto& field : manifest.config) names.push_back(field.name);
  return names;
}

std::string field_list(const Manifest& manifest) {
  return fmt::format("{}", fmt::join(field_names(manifest), ", "));
}

void report_unknown_keys(const Manifest& manifest, const nlohmann::json& config, ValidatedConfig& result) {
  for (const auto& [key, value] : config.items()) {
    if (manifest.config_field(key)) continue;
    auto message = fmt::format("unknown config key '{}' for plugin {}", key, manifest.id);
    if (auto suggestion = spelling::closest_match(key, field_names(manifest))) message += fmt::format("; did you mean '{}'?", *suggestion);
    result.problems.push_back({key, std::move(message), fmt::format("plugin {} accepts: {}", manifest.id, field_list(manifest))});
  }
}

void check_field(const Manifest& manifest, const Field& field, ValidatedConfig& result) {
  auto it = result.config.find(field.name);
  if (it == result.config.end() || it->is_null()) {
    if (field.default_value) {
      result.config[field.name] = *field.default_value;
    } else if (field.required) {
      result.problems.push_back({field.name, fmt::format("config key '{}' is required by plugin {}", field.name, manifest.id),
                                 field.description.empty() ? std::string() : fmt::format("{}: {}", field.name, field.description)});
    }
    return;
  }
  if (field.secret) {
    auto secret = it->is_string() ? it->get<std::string>() : it->dump();
    if (!secret.empty()) result.secret_values.push_back(std::move(secret));
  }
  if (!value_matches_field_type(*it, field.type))
    result.problems.push_back({field.name,
                               fmt::format("config key '{}' for plugin {} must be {} {}, not {}", field.name, manifest.id,
                                           field.type == "integer" || field.type == "array" || field.type == "object" ? "an" : "a",
                                           field.type, describe_value_type(*it)),
                               field.description});
}

}  // namespace

ValidatedConfig validate_config(const Manifest& manifest, const nlohmann::json& config) {
  ValidatedConfig result;
  if (config.is_null()) {
    result.config = nlohmann::json::object();
  } else if (!config.is_object()) {
    result.problems.push_back({"", fmt::format("the config for plugin {} must be a mapping of keys to values, not {}", manifest.id,
                                               describe_value_type(config)),
                               fmt::format("plugin {} accepts: {}", manifest.id, field_list(manifest))});
    return result;
  } else {
    result.config = config;
  }
  report_unknown_keys(manifest, result.config, result);
  for (const auto& field : manifest.config) check_field(manifest, field, result);
  return result;
}

}  // namespace leadflow::plugin
