// InsideView contacts in our words; see contact_output.hpp.
#include "contact_output.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace leadflow::insideview {
namespace {

// A field as trimmed text: strings as given, numbers and booleans as their JSON text, an array
// by its first usable entry (titles); "" when absent or empty.
std::string text_of(const nlohmann::ordered_json& contact, const char* key) {
  if (!contact.contains(key)) return "";
  const auto& value = contact[key];
  std::string text;
  if (value.is_string())
    text = value.get<std::string>();
  else if (value.is_number() || value.is_boolean())
    text = value.dump();
  else if (value.is_array())
    for (const auto& entry : value)
      if (entry.is_string() && !(text = entry.get<std::string>()).empty()) break;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<int> confidence_of(const std::string& text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return static_cast<int>(std::clamp(value, 0.0, 100.0));
}

void put(nlohmann::json& output, const char* field, const std::string& value) {
  if (!value.empty()) output[field] = value;
}

}  // namespace

std::string_view email_status_of(std::string_view validation_status) {
  if (validation_status == "ValidEmail") return "deliverable";
  if (validation_status == "ValidDomain") return "risky";
  if (validation_status == "InvalidEmail") return "undeliverable";
  return "unknown";
}

std::string contact_id_of(const nlohmann::ordered_json& contact) { return text_of(contact, "contactId"); }

nlohmann::json contact_output(const nlohmann::ordered_json& contact) {
  const auto first_name = text_of(contact, "firstName");
  const auto last_name = text_of(contact, "lastName");
  auto full_name = text_of(contact, "fullName");
  if (full_name.empty() && !(first_name + last_name).empty())
    full_name = first_name.empty() || last_name.empty() ? first_name + last_name : first_name + " " + last_name;
  const auto email = text_of(contact, "email");
  if (full_name.empty() && email.empty())
    return {{"status", "not_found"}, {"contact_id", contact_id_of(contact)}, {"raw", contact}};

  nlohmann::json output{{"status", "found"}};
  put(output, "civility", text_of(contact, "salutation"));
  put(output, "first_name", first_name);
  put(output, "last_name", last_name);
  put(output, "full_name", full_name);
  put(output, "title", text_of(contact, "titles").empty() ? text_of(contact, "title") : text_of(contact, "titles"));
  put(output, "email", email);
  const auto validation = text_of(contact, "emailValidationStatus");
  if (!email.empty() && !validation.empty()) output["email_status"] = email_status_of(validation);
  put(output, "email_validation_status", validation);
  if (const auto confidence = confidence_of(text_of(contact, "confidenceScore"))) output["confidence"] = *confidence;
  put(output, "phone", text_of(contact, "phone"));
  put(output, "mobile_phone", text_of(contact, "mobilePhone"));
  put(output, "linkedin_url", text_of(contact, "linkedinHandle"));
  put(output, "twitter", text_of(contact, "twitterHandle"));
  put(output, "facebook", text_of(contact, "facebookHandle"));
  put(output, "company", text_of(contact, "companyName"));
  put(output, "contact_id", contact_id_of(contact));
  put(output, "company_id", text_of(contact, "companyId"));
  output["raw"] = contact;
  return output;
}

nlohmann::json missing_contact_output(const std::string& id) {
  return {{"status", "not_found"}, {"contact_id", id}, {"raw", nullptr}};
}

}  // namespace leadflow::insideview
