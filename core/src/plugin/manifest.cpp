// Parsing and checking leadflow.manifest.v1; see manifest.hpp. Every rejection names the key
// path ("capabilities.find_email.cost.charged") so a plugin author can fix it at once.
#include "plugin/manifest.hpp"

#include "plugin/field_type.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::plugin {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr std::string_view manifest_schema = "leadflow.manifest.v1";

[[noreturn]] void reject(const std::string& key, std::string_view problem) {
  throw ManifestError(fmt::format("manifest key '{}' {}", key, problem));
}

const ordered_json& required_member(const ordered_json& object, const std::string& parent, const char* name) {
  auto key = parent.empty() ? std::string(name) : parent + "." + name;
  auto it = object.find(name);
  if (it == object.end()) reject(key, "is missing");
  return *it;
}

const ordered_json& required_object(const ordered_json& object, const std::string& parent, const char* name) {
  const auto& value = required_member(object, parent, name);
  if (!value.is_object()) reject(parent.empty() ? name : parent + "." + name, "must be an object");
  return value;
}

std::string required_string(const ordered_json& object, const std::string& parent, const char* name) {
  const auto& value = required_member(object, parent, name);
  if (!value.is_string() || value.get<std::string>().empty())
    reject(parent.empty() ? name : parent + "." + name, "must be a non-empty string");
  return value.get<std::string>();
}

std::string optional_string(const ordered_json& object, const std::string& parent, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return {};
  if (!it->is_string()) reject(parent.empty() ? name : parent + "." + name, "must be a string");
  return it->get<std::string>();
}

bool optional_bool(const ordered_json& object, const std::string& parent, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return false;
  if (!it->is_boolean()) reject(parent + "." + name, "must be true or false");
  return it->get<bool>();
}

Field parse_field(const std::string& key, const std::string& name, const ordered_json& spec) {
  if (!spec.is_object()) reject(key, "must be an object with at least a \"type\"");
  Field field;
  field.name = name;
  field.type = required_string(spec, key, "type");
  if (!is_known_field_type(field.type))
    reject(key + ".type", fmt::format("is \"{}\"; use one of string, integer, number, boolean, array, object", field.type));
  field.description = optional_string(spec, key, "description");
  field.required = optional_bool(spec, key, "required");
  field.secret = optional_bool(spec, key, "secret");
  if (auto it = spec.find("default"); it != spec.end()) {
    auto value = nlohmann::json::parse(it->dump());
    if (!value_matches_field_type(value, field.type))
      reject(key + ".default", fmt::format("is {} but the field's type is {}", describe_value_type(value), field.type));
    field.default_value = std::move(value);
  }
  return field;
}

std::vector<Field> parse_fields(const ordered_json& fields, const std::string& key) {
  std::vector<Field> parsed;
  for (const auto& [name, spec] : fields.items()) parsed.push_back(parse_field(key + "." + name, name, spec));
  return parsed;
}

std::optional<double> positive_rate(const ordered_json& spec, const std::string& key, const char* name) {
  auto it = spec.find(name);
  if (it == spec.end()) return std::nullopt;
  if (!it->is_number() || it->get<double>() <= 0) reject(key + "." + name, "must be a number greater than 0");
  return it->get<double>();
}

std::optional<int> positive_count(const ordered_json& spec, const std::string& key, const char* name) {
  auto it = spec.find(name);
  if (it == spec.end()) return std::nullopt;
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) reject(key + "." + name, "must be an integer greater than 0");
  return it->get<int>();
}

RateLimitClass parse_rate_limit(const std::string& key, const std::string& name, const ordered_json& spec) {
  if (!spec.is_object()) reject(key, "must be an object such as {\"per_minute\": 60}");
  for (const auto& [member, value] : spec.items()) {
    static constexpr std::string_view known[] = {"per_second", "per_minute", "per_hour", "per_day", "burst", "max_in_flight"};
    if (std::find(std::begin(known), std::end(known), member) == std::end(known))
      reject(key + "." + member, "is not a rate-limit key; use per_second, per_minute, per_hour, per_day, burst or max_in_flight");
  }
  RateLimitClass limit;
  limit.name = name;
  limit.per_second = positive_rate(spec, key, "per_second");
  limit.per_minute = positive_rate(spec, key, "per_minute");
  limit.per_hour = positive_rate(spec, key, "per_hour");
  limit.per_day = positive_rate(spec, key, "per_day");
  limit.burst = positive_count(spec, key, "burst");
  limit.max_in_flight = positive_count(spec, key, "max_in_flight");
  return limit;
}

void parse_cost(const ordered_json& spec, const std::string& key, Capability& capability) {
  auto it = spec.find("cost");
  if (it == spec.end()) return;
  auto cost_key = key + ".cost";
  if (!it->is_object()) reject(cost_key, "must be an object such as {\"credits\": 1, \"charged\": \"on_success\"}");
  if (auto credits = it->find("credits"); credits != it->end()) {
    if (!credits->is_number() || credits->get<double>() < 0) reject(cost_key + ".credits", "must be a number of at least 0");
    capability.cost_credits = credits->get<double>();
  }
  if (auto charged = it->find("charged"); charged != it->end()) {
    if (!charged->is_string()) reject(cost_key + ".charged", "must be \"always\", \"on_success\" or \"never\"");
    auto value = charged->get<std::string>();
    if (value != "always" && value != "on_success" && value != "never")
      reject(cost_key + ".charged", fmt::format("is \"{}\"; use \"always\", \"on_success\" or \"never\"", value));
    capability.cost_charged = value;
  }
}

Capability parse_capability(const std::string& key, const std::string& name, const ordered_json& spec) {
  if (!spec.is_object()) reject(key, "must be an object with description, input, output and cost");
  Capability capability;
  capability.name = name;
  capability.description = optional_string(spec, key, "description");
  capability.input = parse_fields(required_object(spec, key, "input"), key + ".input");
  capability.output = parse_fields(required_object(spec, key, "output"), key + ".output");
  parse_cost(spec, key, capability);
  if (auto it = spec.find("max_batch"); it != spec.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1) reject(key + ".max_batch", "must be an integer of at least 1");
    capability.max_batch = it->get<int>();
  }
  capability.max_in_flight = positive_count(spec, key, "max_in_flight");
  return capability;
}

void parse_config(const ordered_json& document, Manifest& manifest) {
  const auto& config = required_object(document, "", "config");
  manifest.config = parse_fields(config, "config");
  if (!config.contains("base_url")) reject("config.base_url", "is missing: every manifest must declare a base_url config field");
}

void parse_rate_limits(const ordered_json& document, Manifest& manifest) {
  const auto& limits = required_object(document, "", "rate_limits");
  for (const auto& [name, spec] : limits.items()) manifest.rate_limits.push_back(parse_rate_limit("rate_limits." + name, name, spec));
  if (!limits.contains("default")) reject("rate_limits.default", "is missing: every manifest must declare a \"default\" rate-limit class");
}

void parse_capabilities(const ordered_json& document, Manifest& manifest) {
  const auto& capabilities = required_object(document, "", "capabilities");
  if (capabilities.empty()) reject("capabilities", "is empty: a plugin must offer at least one capability");
  for (const auto& [name, spec] : capabilities.items())
    manifest.capabilities.push_back(parse_capability("capabilities." + name, name, spec));
}

template <class Item>
const Item* find_named(const std::vector<Item>& items, std::string_view name) {
  for (const auto& item : items)
    if (item.name == name) return &item;
  return nullptr;
}

}  // namespace

const Capability* Manifest::capability(std::string_view name) const { return find_named(capabilities, name); }
const Field* Manifest::config_field(std::string_view name) const { return find_named(config, name); }
const RateLimitClass* Manifest::rate_limit(std::string_view name) const { return find_named(rate_limits, name); }

Manifest parse_manifest(std::string_view json_text) {
  auto document = ordered_json::parse(json_text, nullptr, false);
  if (document.is_discarded()) throw ManifestError("manifest is not valid JSON");
  if (!document.is_object()) throw ManifestError("manifest must be a JSON object");
  auto schema = required_string(document, "", "schema");
  if (schema != manifest_schema) reject("schema", fmt::format("is \"{}\"; this host reads \"{}\"", schema, manifest_schema));

  Manifest manifest;
  manifest.id = required_string(document, "", "id");
  manifest.name = required_string(document, "", "name");
  manifest.version = required_string(document, "", "version");
  manifest.description = optional_string(document, "", "description");
  manifest.homepage = optional_string(document, "", "homepage");
  parse_config(document, manifest);
  parse_rate_limits(document, manifest);
  parse_capabilities(document, manifest);
  manifest.json = nlohmann::json::parse(json_text);
  return manifest;
}

}  // namespace leadflow::plugin
