// Config validation against the manifest; see config_validation.hpp. A config value is never
// quoted in a message: it may be a secret.
#include "plugin/config_validation.hpp"

#include "plugin/field_type.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::plugin {
namespace {

// Levenshtein distance, so "api-key" suggests "api_key".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_field_name(const Manifest& manifest, std::string_view key) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const auto& field : manifest.config) {
    auto distance = edit_distance(key, field.name);
    if (distance < best_distance) {
      best = field.name;
      best_distance = distance;
    }
  }
  return best;
}

std::string field_list(const Manifest& manifest) {
  std::vector<std::string> names;
  for (const auto& field : manifest.config) names.push_back(field.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

void report_unknown_keys(const Manifest& manifest, const nlohmann::json& config, ValidatedConfig& result) {
  for (const auto& [key, value] : config.items()) {
    if (manifest.config_field(key)) continue;
    auto suggestion = closest_field_name(manifest, key);
    auto message = fmt::format("unknown config key '{}' for plugin {}", key, manifest.id);
    if (!suggestion.empty()) message += fmt::format("; did you mean '{}'?", suggestion);
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
