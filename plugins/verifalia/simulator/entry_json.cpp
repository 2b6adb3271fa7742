// The fake world's verdicts in Verifalia's codes; see entry_json.hpp. Verifalia cannot tell a
// closed mailbox from one that never existed (both are refused by the mail exchanger), so
// mailbox_disabled is MailboxDoesNotExist here, as it would be there. Greylisting is Verifalia's
// own problem: its engine retries, so a greylisted address only makes the job slower.
#include "entry_json.hpp"

#include <algorithm>

namespace leadflow::verifalia_sim {
namespace {

using Kind = sandbox::EmailVerdict::Kind;

struct Code {
  const char* status;
  const char* classification;
};

// Verifalia's syntax codes for what the world calls a syntax error.
Code syntax_code(const std::string& input, nlohmann::json& entry) {
  const auto at = input.find('@');
  if (at == std::string::npos) return {"AtSignNotFound", "Undeliverable"};
  if (const auto second = input.find('@', at + 1); second != std::string::npos) {
    entry["syntaxFailureIndex"] = second;
    return {"InvalidCharacterInSequence", "Undeliverable"};
  }
  if (const auto dots = input.find(".."); dots != std::string::npos) {
    entry["syntaxFailureIndex"] = dots + 1;
    return {"DoubleDotSequence", "Undeliverable"};
  }
  if (at == 0) return {"InvalidLocalPartLength", "Undeliverable"};
  return {"DomainPartCompliancyFailure", "Undeliverable"};
}

Code code_of(const sandbox::EmailVerdict& verdict) {
  switch (verdict.kind) {
    case Kind::deliverable: return {"Success", "Deliverable"};
    case Kind::mailbox_full: return {"MailboxHasInsufficientStorage", "Risky"};
    case Kind::mailbox_disabled:
    case Kind::no_such_user: return {"MailboxDoesNotExist", "Undeliverable"};
    case Kind::catch_all:
      return verdict.disposable ? Code{"DomainIsWellKnownDea", "Undeliverable"} : Code{"ServerIsCatchAll", "Risky"};
    case Kind::domain_nonexistent: return {"DomainDoesNotExist", "Undeliverable"};
    case Kind::syntax_error: break;
  }
  return {"UnhandledException", "Unknown"};
}

bool is_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c < 128; });
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

}  // namespace

nlohmann::json entry_json(const sandbox::FakeWorld& world, std::size_t index, const std::string& input) {
  nlohmann::json entry{{"index", index}, {"inputData", input}};
  const auto verdict = world.verdict_of(input);
  if (verdict.kind == Kind::syntax_error) {
    const auto code = syntax_code(input, entry);
    entry["status"] = code.status;
    entry["classification"] = code.classification;
    return entry;
  }
  const auto at = input.rfind('@');
  const auto local = input.substr(0, at);
  const auto domain = lowercase(input.substr(at + 1));
  const auto code = code_of(verdict);
  entry["emailAddress"] = local + "@" + domain;
  entry["emailAddressLocalPart"] = local;
  entry["emailAddressDomainPart"] = domain;
  entry["asciiEmailAddressDomainPart"] = domain;
  entry["hasInternationalMailboxName"] = !is_ascii(local);
  entry["hasInternationalDomainName"] = !is_ascii(domain);
  entry["isDisposableEmailAddress"] = verdict.disposable;
  entry["isRoleAccount"] = verdict.role;
  entry["isFreeEmailAddress"] = verdict.free;
  entry["status"] = code.status;
  entry["classification"] = code.classification;
  return entry;
}

}  // namespace leadflow::verifalia_sim
