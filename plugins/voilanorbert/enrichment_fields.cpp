// The field table of enrichment_fields.hpp.
#include "enrichment_fields.hpp"

#include <string>
#include <utility>

namespace leadflow::voilanorbert {
namespace {

std::string field(const CsvRow& row, const char* name) {
  const auto it = row.find(name);
  if (it == row.end()) return "";
  const auto& text = it->second;
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

nlohmann::json enrichment_output(const CsvRow& row) {
  // Header names are lower-cased by the CSV reader: "fullName" arrives as "fullname".
  static const std::pair<const char*, const char*> fields[] = {
      {"email", "email"},        {"fullname", "full_name"}, {"title", "title"},       {"organization", "company"},
      {"linkedin", "linkedin_url"}, {"twitter", "twitter"},  {"facebook", "facebook"}, {"location", "location"}};
  nlohmann::json output{{"status", "not_found"}};
  for (const auto& [column, name] : fields)
    if (auto value = field(row, column); !value.empty()) output[name] = std::move(value);
  if (output.contains("full_name") || output.contains("title") || output.contains("company")) output["status"] = "found";
  nlohmann::json raw = nlohmann::json::object();
  for (const auto& [name, value] : row) raw[name] = value;
  output["raw"] = std::move(raw);
  return output;
}

}  // namespace leadflow::voilanorbert
