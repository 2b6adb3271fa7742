// The simulated Email Verifier; see email_verifier.hpp. How each world verdict reads in Snov's
// fields (Snov has no code for a full or closed mailbox):
//   deliverable        smtpStatus valid
//   mailbox_full       smtpStatus unknown (the server defers: unverifiable)
//   mailbox_disabled   smtpStatus not_valid
//   no_such_user       smtpStatus not_valid
//   catch_all          smtpStatus unknown, isCatchall true
//   disposable service smtpStatus valid, isDisposable true
//   domain_nonexistent smtpStatus not_valid, isConnectionError true
//   syntax_error       smtpStatus not_valid, isValidFormat false
#include "email_verifier.hpp"

#include "stable_hash.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::snov_sim {
namespace {

using Kind = sandbox::EmailVerdict::Kind;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

const char* smtp_status_of(const sandbox::EmailVerdict& verdict) {
  if (verdict.disposable) return "valid";
  switch (verdict.kind) {
    case Kind::deliverable: return "valid";
    case Kind::mailbox_full:
    case Kind::catch_all: return "unknown";
    default: return "not_valid";
  }
}

}  // namespace

nlohmann::json EmailVerifier::result_json(const std::string& email, bool greylisted) const {
  const auto verdict = world_.verdict_of(email);
  return {{"email", email},
          {"isValidFormat", verdict.kind != Kind::syntax_error},
          {"isDisposable", verdict.disposable},
          {"isWebmail", verdict.free},
          {"isGibberish", false},
          {"smtpStatus", greylisted ? "greylisted" : smtp_status_of(verdict)},
          {"isCatchall", verdict.kind == Kind::catch_all && !verdict.disposable},
          {"isGreylist", greylisted},
          {"isBannedError", false},
          {"isConnectionError", verdict.kind == Kind::domain_nonexistent}};
}

void EmailVerifier::add(const std::string& account, const std::string& email, std::int64_t now_ms) {
  const auto key = account + "|" + lowercase(email);
  const auto charge_key = lowercase(email) + "#" + std::to_string(++added_);
  Check check;
  check.done_ms = now_ms + job_duration_ms(key, seed_, 5'000, 25'000, job_ms_);
  if (world_.verdict_of(email).greylisted) {
    check.greylisted_until_ms = now_ms + greylist_ms;
    check.deferred_charge_key = charge_key;
  } else {
    ledger_.charge(account, "add-emails-to-verification", charge_key, 1);
  }
  checks_[key] = check;
}

nlohmann::json EmailVerifier::status_of(const std::string& account, const std::string& email, std::int64_t now_ms) {
  const auto found = checks_.find(account + "|" + lowercase(email));
  if (found == checks_.end())
    return {{"status", {{"identifier", "not_verified"}, {"description", "Email is not verified yet: add it with add-emails-to-verification"}}},
            {"data", nlohmann::json::array()}};
  auto& check = found->second;
  if (now_ms < check.done_ms)
    return {{"status", {{"identifier", "in_progress"}, {"description", "Email verification is in progress"}}},
            {"data", nlohmann::json::array()}};
  const bool greylisted = now_ms < check.greylisted_until_ms;
  if (!greylisted && !check.deferred_charge_key.empty()) {
    ledger_.charge(account, "add-emails-to-verification", check.deferred_charge_key, 1);
    check.deferred_charge_key.clear();
  }
  return {{"status", {{"identifier", "complete"}, {"description", "Email verification is completed"}}},
          {"data", result_json(email, greylisted)}};
}

}  // namespace leadflow::snov_sim
