// Reading capability inputs; see input_fields.hpp.
#include "input_fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace leadflow::snov {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string input_text(const nlohmann::json& input, const char* key) {
  if (!input.is_object() || !input.contains(key) || input[key].is_null()) return "";
  const auto& value = input[key];
  return trimmed(value.is_string() ? value.get<std::string>() : value.dump());
}

std::optional<PersonName> person_name(const nlohmann::json& input) {
  PersonName name{input_text(input, "first_name"), input_text(input, "last_name")};
  if (name.first.empty() || name.last.empty()) {
    const auto full = input_text(input, "full_name");
    const auto space = full.find(' ');
    if (space == std::string::npos) return std::nullopt;
    name = PersonName{full.substr(0, space), trimmed(full.substr(space + 1))};
  }
  if (name.first.empty() || name.last.empty()) return std::nullopt;
  return name;
}

std::string input_domain(const nlohmann::json& input) {
  auto domain = input_text(input, "domain");
  if (domain.empty()) domain = input_text(input, "website");
  std::transform(domain.begin(), domain.end(), domain.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* scheme : {"https://", "http://"})
    if (domain.starts_with(scheme)) domain.erase(0, std::string_view(scheme).size());
  if (domain.starts_with("www.")) domain.erase(0, 4);
  domain = domain.substr(0, domain.find_first_of("/?#"));
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  return domain;
}

std::vector<std::string> comma_separated(const nlohmann::json& input, const char* key) {
  std::vector<std::string> values;
  if (input.is_object() && input.contains(key) && input[key].is_array()) {
    for (const auto& item : input[key])
      if (item.is_string() && !trimmed(item.get<std::string>()).empty()) values.push_back(trimmed(item.get<std::string>()));
    return values;
  }
  const auto text = input_text(input, key);
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    auto part = trimmed(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!part.empty()) values.push_back(std::move(part));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return values;
}

std::optional<std::int64_t> positive_number(const nlohmann::json& input, const char* key) {
  if (input.is_object() && input.contains(key) && input[key].is_number_integer()) {
    const auto value = input[key].get<std::int64_t>();
    return value > 0 ? std::optional(value) : std::nullopt;
  }
  const auto text = input_text(input, key);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace leadflow::snov
