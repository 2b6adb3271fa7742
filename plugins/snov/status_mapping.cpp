// Snov.io's statuses in leadflow's words; see status_mapping.hpp and the table in README.md.
#include "status_mapping.hpp"

namespace leadflow::snov {
namespace {

bool flag(const nlohmann::json& data, const char* key) { return data.contains(key) && data[key].is_boolean() && data[key].get<bool>(); }

// isValidFormat defaults to true: only an explicit false is a syntax error.
bool valid_format(const nlohmann::json& data) {
  return !(data.contains("isValidFormat") && data["isValidFormat"].is_boolean() && !data["isValidFormat"].get<bool>());
}

}  // namespace

Verification verification_of(const nlohmann::json& data) {
  const auto smtp = data.value("smtpStatus", nlohmann::json()).is_string() ? data["smtpStatus"].get<std::string>() : "";
  if (!valid_format(data)) return {"undeliverable", "syntax_error"};
  if (smtp == "greylisted" || flag(data, "isGreylist")) return {"unknown", "greylisted"};
  if (flag(data, "isDisposable")) return {"risky", "disposable"};
  if (flag(data, "isCatchall")) return {"risky", "catch_all"};
  if (smtp == "valid") return {"deliverable", "valid"};
  if (smtp == "not_valid") return {"undeliverable", flag(data, "isConnectionError") ? "domain_nonexistent" : "no_such_user"};
  if (flag(data, "isConnectionError") || flag(data, "isBannedError")) return {"unknown", "timeout"};
  return {"unknown", "other"};
}

nlohmann::json verify_output(const nlohmann::json& data, const nlohmann::json& raw) {
  const auto verification = verification_of(data);
  return {{"status", verification.status},
          {"reason", verification.reason},
          {"provider_status", data.value("smtpStatus", nlohmann::json("")).is_string() ? data["smtpStatus"] : nlohmann::json("")},
          {"catch_all", flag(data, "isCatchall")},
          {"disposable", flag(data, "isDisposable")},
          {"role", false},  // Snov does not say
          {"free", flag(data, "isWebmail")},
          {"syntax_ok", valid_format(data)},
          {"gibberish", flag(data, "isGibberish")},
          {"raw", raw}};
}

int confidence_of(const std::string& email_status) { return email_status == "valid" ? 90 : 50; }

std::string email_status_of(const std::string& email_status) { return email_status == "valid" ? "deliverable" : "unknown"; }

}  // namespace leadflow::snov
