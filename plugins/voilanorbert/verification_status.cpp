// The mapping table of verification_status.hpp.
#include "verification_status.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace leadflow::voilanorbert {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string field(const CsvRow& row, const char* name) {
  const auto it = row.find(name);
  return it == row.end() ? "" : it->second;
}

// The CSV writes booleans as true/false; Python-made files say True/False, some 1/0.
bool flag(const CsvRow& row, const char* name) {
  const auto value = lower(field(row, name));
  return value == "true" || value == "1" || value == "yes" || value == "t";
}

bool says(const std::string& message, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* word) { return message.find(word) != std::string::npos; });
}

// Our reason, from VoilaNorbert's error_msg.
std::string reason_from(const std::string& error_msg) {
  const auto message = lower(error_msg);
  if (says(message, {"disposable", "throwaway", "temporary"})) return "disposable";
  if (says(message, {"catch-all", "catch all", "catchall", "accept all", "accepts every"})) return "catch_all";
  if (says(message, {"full", "quota"})) return "mailbox_full";
  if (says(message, {"disabled", "deactivated", "inactive"})) return "mailbox_disabled";
  if (says(message, {"syntax", "invalid email", "malformed"})) return "syntax_error";
  if (says(message, {"domain"})) return "domain_nonexistent";
  if (says(message, {"does not exist", "doesn't exist", "no such", "unknown user", "user unknown"})) return "no_such_user";
  if (says(message, {"greylist", "graylist"})) return "greylisted";
  if (says(message, {"timeout", "timed out"})) return "timeout";
  return "other";
}

}  // namespace

nlohmann::json verification_output(const CsvRow& row) {
  const auto error_msg = field(row, "error_msg");
  std::string status = "unknown", provider_status = "unknown";
  std::string reason = reason_from(error_msg);
  if (flag(row, "is_deliverable")) {
    status = "deliverable", provider_status = "deliverable", reason = "valid";
  } else if (flag(row, "is_risky")) {
    status = "risky", provider_status = "risky";
  } else if (flag(row, "is_bounce")) {
    status = "undeliverable", provider_status = "bounce";
  }
  nlohmann::json raw = nlohmann::json::object();
  for (const auto& [name, value] : row) raw[name] = value;
  return {{"status", status},
          {"reason", reason},
          {"provider_status", provider_status},
          {"email", field(row, "email")},
          {"catch_all", reason == "catch_all"},
          {"disposable", reason == "disposable"},
          {"role", false},
          {"free", false},
          {"syntax_ok", reason != "syntax_error"},
          {"raw", std::move(raw)}};
}

}  // namespace leadflow::voilanorbert
