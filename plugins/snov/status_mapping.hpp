// Snov.io's statuses on leadflow's scales (docs/vocabulary.md), the table in README.md:
// the verifier's smtpStatus and flags onto deliverable/risky/undeliverable/unknown with a
// reason, and the finder's emailStatus / smtp_status onto a confidence and an email_status.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace leadflow::snov {

struct Verification {
  std::string status;  // deliverable, risky, undeliverable, unknown
  std::string reason;  // valid, catch_all, no_such_user, domain_nonexistent, syntax_error, disposable, greylisted, timeout, other
};

// One `data` object of get-emails-verification-status (smtpStatus, isValidFormat, ...).
Verification verification_of(const nlohmann::json& data);
// The verify_email output for it: status, reason, provider_status and the flags.
nlohmann::json verify_output(const nlohmann::json& data, const nlohmann::json& raw);

// The finder's "valid" / "unknown" (emailStatus, smtp_status, status).
int confidence_of(const std::string& email_status);
std::string email_status_of(const std::string& email_status);

}  // namespace leadflow::snov
