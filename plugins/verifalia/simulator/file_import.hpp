// Email submission through a file (API v2.2+): the multipart/form-data body with its `inputFile`
// and `settings` parts, and the addresses a plain text or delimiter-separated file holds under
// the documented import settings (startingRow, endingRow, column, delimiter, lineEnding).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leadflow::verifalia_sim {

struct FormPart {
  std::string name;
  std::string content_type;  // without parameters, lower-case
  std::string charset;
  std::string content;
};

// The parts of a multipart/form-data body; nullopt when the body does not follow the boundary
// of `content_type`.
std::optional<std::vector<FormPart>> parse_multipart(const std::string& content_type, const std::string& body);

// The addresses of the file, or the problem (a 400 detail) with its settings.
std::variant<std::vector<std::string>, std::string> imported_addresses(const FormPart& file, const nlohmann::json& settings);

}  // namespace leadflow::verifalia_sim
