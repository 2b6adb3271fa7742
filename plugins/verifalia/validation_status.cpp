// The status table; see validation_status.hpp. Codes come from the API reference's "Validation
// status codes"; LocalPartIsWellKnownRoleAccount, MailboxConnectionFailure,
// CatchAllConnectionFailure and Unknown are the extra ones the official SDKs know (VF-GO).
#include "validation_status.hpp"

#include <array>
#include <utility>

namespace leadflow::verifalia {
namespace {

struct Row {
  std::string_view code;
  Verdict verdict;
};

constexpr Verdict syntax{"undeliverable", "syntax_error", false};
constexpr Verdict domain_gone{"undeliverable", "domain_nonexistent"};
constexpr Verdict timed_out{"unknown", "timeout"};
constexpr Verdict undetermined{"unknown", "other"};

constexpr std::array rows{
    Row{"Success", {"deliverable", "valid"}},
    // Risky
    Row{"ServerIsCatchAll", {"risky", "catch_all", true, true}},
    Row{"ServerDoesNotAllowMultipleRecipients", {"risky", "catch_all"}},
    Row{"MailboxHasInsufficientStorage", {"risky", "mailbox_full"}},
    Row{"MailboxIsDea", {"risky", "disposable", true, false, true}},
    Row{"LocalPartIsWellKnownRoleAccount", {"risky", "other"}},
    // Undeliverable
    Row{"MailboxDoesNotExist", {"undeliverable", "no_such_user"}},
    Row{"DomainDoesNotExist", domain_gone},
    Row{"DomainIsMisconfigured", domain_gone},
    Row{"DomainHasNullMx", domain_gone},
    Row{"DomainIsWellKnownDea", {"undeliverable", "disposable", true, false, true}},
    Row{"MailExchangerIsWellKnownDea", {"undeliverable", "disposable", true, false, true}},
    Row{"MailExchangerIsHoneypot", {"undeliverable", "other"}},
    Row{"MailExchangerIsParked", {"undeliverable", "other"}},
    Row{"UnacceptableDomainLiteral", {"undeliverable", "other"}},
    Row{"ServerDoesNotSupportInternationalMailboxes", {"undeliverable", "other"}},
    Row{"AtSignNotFound", syntax},
    Row{"DomainPartCompliancyFailure", syntax},
    Row{"DoubleDotSequence", syntax},
    Row{"InvalidAddressLength", syntax},
    Row{"InvalidCharacterInSequence", syntax},
    Row{"InvalidEmptyQuotedWord", syntax},
    Row{"InvalidFoldingWhiteSpaceSequence", syntax},
    Row{"InvalidLocalPartLength", syntax},
    Row{"InvalidWordBoundaryStart", syntax},
    Row{"IspSpecificSyntaxFailure", syntax},
    Row{"UnbalancedCommentParenthesis", syntax},
    Row{"UnexpectedQuotedPairSequence", syntax},
    Row{"UnmatchedQuotedPair", syntax},
    // Unknown: the docs say a higher quality level is likely to give a definitive answer.
    Row{"MailboxTemporarilyUnavailable", {"unknown", "greylisted"}},
    Row{"CatchAllValidationTimeout", timed_out},
    Row{"DnsQueryTimeout", timed_out},
    Row{"MailboxValidationTimeout", timed_out},
    Row{"SmtpConnectionTimeout", timed_out},
    Row{"DnsConnectionFailure", undetermined},
    Row{"LocalEndPointRejected", undetermined},
    Row{"LocalSenderAddressRejected", undetermined},
    Row{"ServerTemporaryUnavailable", undetermined},
    Row{"SmtpConnectionFailure", undetermined},
    Row{"SmtpDialogError", undetermined},
    Row{"UnhandledException", undetermined},
    Row{"MailboxConnectionFailure", undetermined},
    Row{"CatchAllConnectionFailure", undetermined},
    Row{"Unknown", undetermined},
    // Duplicate takes the verdict of the entry it duplicates (see verify_email); OverrideMatch
    // (a custom rule of the account) is decided by its classification.
    Row{"Duplicate", undetermined},
    Row{"OverrideMatch", {"unknown", "other", true, false, false, false}},
};

bool flag(const nlohmann::json& entry, const char* key) {
  return entry.contains(key) && entry[key].is_boolean() && entry[key].get<bool>();
}

std::string text(const nlohmann::json& entry, const char* key) {
  return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>() : std::string();
}

}  // namespace

Verdict verdict_of(std::string_view status_code) {
  for (const auto& row : rows)
    if (row.code == status_code) return row.verdict;
  Verdict unknown = undetermined;
  unknown.known = false;
  return unknown;
}

std::string_view status_of_classification(std::string_view classification) {
  if (classification == "Deliverable") return "deliverable";
  if (classification == "Risky") return "risky";
  if (classification == "Undeliverable") return "undeliverable";
  if (classification == "Unknown") return "unknown";
  return {};
}

nlohmann::json verify_output(const nlohmann::json& entry) {
  const auto code = text(entry, "status");
  const auto classification = text(entry, "classification");
  const Verdict verdict = verdict_of(code);
  const auto by_classification = status_of_classification(classification);
  nlohmann::json output{
      {"status", std::string(by_classification.empty() ? verdict.status : by_classification)},
      {"reason", std::string(verdict.reason)},
      {"provider_status", code},
      {"classification", classification},
  };
  if (const auto email = text(entry, "emailAddress"); !email.empty()) output["email"] = email;
  output["catch_all"] = verdict.catch_all;
  output["disposable"] = verdict.disposable || flag(entry, "isDisposableEmailAddress");
  output["role"] = flag(entry, "isRoleAccount");
  output["free"] = flag(entry, "isFreeEmailAddress");
  output["syntax_ok"] = verdict.syntax_ok && !(entry.contains("syntaxFailureIndex") && entry["syntaxFailureIndex"].is_number());
  output["international"] = flag(entry, "hasInternationalMailboxName") || flag(entry, "hasInternationalDomainName");
  if (entry.contains("suggestions") && entry["suggestions"].is_array() && !entry["suggestions"].empty())
    output["suggestions"] = entry["suggestions"];
  output["raw"] = entry;
  return output;
}

}  // namespace leadflow::verifalia
