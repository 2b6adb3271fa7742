// The qualification mapping; see qualification.hpp and the README's table.
#include "qualification.hpp"

#include <algorithm>

namespace leadflow::dropcontact {

std::optional<Qualification> parse_qualification(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) return std::nullopt;
  Qualification qualification{std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
  if (qualification.local == "non_confirm") qualification.local = "catch_all";
  return qualification;
}

bool well_formed(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = email.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
    return false;
  return std::all_of(email.begin(), email.end(), [](char c) { return c > ' ' && c != 127; });
}

Verification verification_of(std::string_view email, std::string_view text) {
  Verification verification;
  verification.syntax_ok = well_formed(email);
  const auto qualification = parse_qualification(text);
  if (!qualification) return {"unknown", "other", false, false, false, verification.syntax_ok};
  verification.free = qualification->domain == "perso";
  const auto& local = qualification->local;
  if (!verification.syntax_ok) {
    verification.status = "undeliverable";
    verification.reason = "syntax_error";
  } else if (qualification->domain == "invalid") {
    verification.status = "undeliverable";
    verification.reason = "domain_nonexistent";
  } else if (local == "invalid") {
    verification.status = "undeliverable";
    verification.reason = "no_such_user";
  } else if (local == "nominative" || local == "generic") {
    verification.status = "deliverable";
    verification.reason = "valid";
    verification.role = local == "generic";
  } else if (local == "catch_all") {
    verification.status = "risky";
    verification.reason = "catch_all";
    verification.catch_all = true;
  } else if (local == "random") {
    verification.status = "risky";
    verification.reason = "other";
  } else {
    verification.status = "unknown";
    verification.reason = "other";
  }
  return verification;
}

bool names_the_person(std::string_view text) {
  const auto qualification = parse_qualification(text);
  return qualification && qualification->domain != "invalid" &&
         (qualification->local == "nominative" || qualification->local == "catch_all");
}

int confidence_of(std::string_view text) {
  const auto qualification = parse_qualification(text);
  if (!qualification || qualification->domain == "invalid") return 0;
  const auto& local = qualification->local;
  if (local == "nominative") return qualification->domain == "pro" ? 95 : 90;
  if (local == "catch_all") return 50;
  if (local == "generic") return 30;
  if (local == "random") return 20;
  return 0;
}

}  // namespace leadflow::dropcontact
