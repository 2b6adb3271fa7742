// Reading Snov.io request parameters from the query, a form body or a JSON body; see
// request_params.hpp.
#include "request_params.hpp"

#include <leadflow/sandbox/form_encoding.hpp>

#include <algorithm>
#include <charconv>

namespace leadflow::snov_sim {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "a=1&b=x+y&b=z" -> [(a,1), (b,"x y"), (b,z)]: every value kept, unlike sandbox::decode_form.
std::vector<std::pair<std::string, std::string>> decode_form_pairs(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!body.empty()) {
    const auto end = body.find('&');
    const auto part = body.substr(0, end);
    if (!part.empty()) {
      const auto equals = part.find('=');
      pairs.emplace_back(sandbox::percent_decode(part.substr(0, equals), true),
                         equals == std::string_view::npos ? "" : sandbox::percent_decode(part.substr(equals + 1), true));
    }
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return pairs;
}

std::optional<int> index_in_brackets(std::string_view inside) {
  int index = 0;
  const auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), index);
  if (ec != std::errc() || end != inside.data() + inside.size()) return std::nullopt;
  return index;
}

}  // namespace

RequestParams RequestParams::of(const sandbox::Request& request) {
  RequestParams params;
  for (const auto& [name, value] : request.query) params.fields_.emplace_back(name, value);
  if (request.body.empty()) return params;
  if (request.has_form_body()) {
    for (auto& pair : decode_form_pairs(request.body)) params.fields_.push_back(std::move(pair));
  } else if (auto json = request.json(); json && json->is_object()) {
    for (const auto& [name, value] : json->items()) params.add_json(name, value);
  }
  return params;
}

void RequestParams::add_json(const std::string& name, const nlohmann::json& value) {
  if (value.is_array()) {
    for (const auto& item : value) add_json(name + "[]", item);
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) add_json(name + "[" + key + "]", item);
  } else if (value.is_string()) {
    fields_.emplace_back(name, value.get<std::string>());
  } else if (!value.is_null()) {
    fields_.emplace_back(name, value.dump());
  }
}

std::string RequestParams::text(std::string_view name) const {
  for (const auto& [field, value] : fields_)
    if (field == name) return trimmed(value);
  return {};
}

bool RequestParams::has(std::string_view name) const {
  return std::any_of(fields_.begin(), fields_.end(), [&](const auto& field) { return field.first == name; });
}

std::vector<std::string> RequestParams::list(std::string_view name) const {
  std::vector<std::pair<int, std::string>> indexed;
  std::vector<std::string> values;
  const std::string prefix = std::string(name) + "[";
  for (const auto& [field, value] : fields_) {
    if (field == name) {
      values.push_back(trimmed(value));
    } else if (field.starts_with(prefix) && field.back() == ']') {
      const auto inside = std::string_view(field).substr(prefix.size(), field.size() - prefix.size() - 1);
      if (inside.empty())
        values.push_back(trimmed(value));
      else if (auto index = index_in_brackets(inside))
        indexed.emplace_back(*index, trimmed(value));
    }
  }
  std::stable_sort(indexed.begin(), indexed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, value] : indexed) values.push_back(std::move(value));
  values.erase(std::remove(values.begin(), values.end(), std::string()), values.end());
  return values;
}

std::map<std::string, std::string> RequestParams::keyed(std::string_view name) const {
  std::map<std::string, std::string> values;
  const std::string prefix = std::string(name) + "[";
  for (const auto& [field, value] : fields_) {
    if (!field.starts_with(prefix) || field.back() != ']') continue;
    auto key = field.substr(prefix.size(), field.size() - prefix.size() - 1);
    // PHP clients sometimes quote the key: customFields['company'].
    if (key.size() >= 2 && (key.front() == '\'' || key.front() == '"') && key.back() == key.front())
      key = key.substr(1, key.size() - 2);
    if (!key.empty() && !index_in_brackets(key)) values[key] = trimmed(value);
  }
  return values;
}

std::optional<bool> RequestParams::flag(std::string_view name) const {
  if (!has(name)) return std::nullopt;
  const auto value = text(name);
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0" || value.empty()) return false;
  return std::nullopt;
}

}  // namespace leadflow::snov_sim
