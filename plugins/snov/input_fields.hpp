// Reading the capability inputs of docs/vocabulary.md the way Snov.io needs them: a first and a
// last name (Snov's finder takes them apart), a bare domain, lists of positions.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace leadflow::snov {

// The field as trimmed text ("" when absent; numbers and booleans as their JSON text).
std::string input_text(const nlohmann::json& input, const char* key);

struct PersonName {
  std::string first;
  std::string last;
};
// first_name + last_name, or full_name split at its first space ("Ada King Lovelace" ->
// "Ada", "King Lovelace"); nullopt when either part is missing.
std::optional<PersonName> person_name(const nlohmann::json& input);

// `domain`, else `website`, reduced to the host without "www.": "https://www.Acme.com/x" -> "acme.com".
std::string input_domain(const nlohmann::json& input);

// "CEO, VP Sales" -> {"CEO", "VP Sales"}; a JSON array is taken as is.
std::vector<std::string> comma_separated(const nlohmann::json& input, const char* key);

// A positive whole number from text or a number; nullopt when absent, 0 or unreadable.
std::optional<std::int64_t> positive_number(const nlohmann::json& input, const char* key);

}  // namespace leadflow::snov
