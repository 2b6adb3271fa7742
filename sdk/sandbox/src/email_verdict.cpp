// The truth about an email address, for every simulated verifier: one verdict from the world,
// which VoilaNorbert, Snov.io, Dropcontact and Verifalia each map onto their own codes.
#include <leadflow/sandbox/fake_world.hpp>
#include <leadflow/sandbox/name_folding.hpp>

#include "world_vocabulary.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::sandbox {
namespace {

bool contains(std::span<const std::string_view> list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string lowercase(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

// One '@', a non-empty local part of printable ASCII without spaces, a dotted domain.
bool plausible_syntax(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = email.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') return false;
  return std::all_of(email.begin(), email.end(), [](char c) { return c > ' ' && c < 127 && c != ',' && c != '(' && c != ')'; });
}

// FNV-1a: the same on every platform, unlike std::hash.
std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

}  // namespace

std::string_view to_string(EmailVerdict::Kind kind) {
  switch (kind) {
    case EmailVerdict::Kind::deliverable: return "deliverable";
    case EmailVerdict::Kind::mailbox_full: return "mailbox_full";
    case EmailVerdict::Kind::mailbox_disabled: return "mailbox_disabled";
    case EmailVerdict::Kind::no_such_user: return "no_such_user";
    case EmailVerdict::Kind::catch_all: return "catch_all";
    case EmailVerdict::Kind::domain_nonexistent: return "domain_nonexistent";
    default: return "syntax_error";
  }
}

EmailVerdict FakeWorld::verdict_of(std::string_view raw_email) const {
  using Kind = EmailVerdict::Kind;
  EmailVerdict verdict;
  if (!plausible_syntax(raw_email)) return verdict;
  const auto email = lowercase(raw_email);
  const auto at = email.find('@');
  const auto local = std::string_view(email).substr(0, at);
  const auto domain = std::string_view(email).substr(at + 1);
  verdict.role = contains(vocabulary::role_local_parts(), local);

  if (contains(vocabulary::disposable_domains(), domain)) {
    verdict.disposable = true;
    verdict.kind = Kind::catch_all;
    return verdict;
  }
  if (contains(vocabulary::webmail_domains(), domain)) {
    verdict.free = true;
    verdict.kind = stable_hash(email) % 4 == 0 ? Kind::no_such_user : Kind::deliverable;
    return verdict;
  }
  const auto* company = company_by_domain(domain);
  if (!company || company->kind == DomainKind::nonexistent) {
    verdict.kind = Kind::domain_nonexistent;
    return verdict;
  }
  verdict.person = person_by_email(email);
  if (verdict.person) verdict.greylisted = verdict.person->greylisted;
  if (company->kind == DomainKind::catch_all) {
    verdict.kind = Kind::catch_all;
    return verdict;
  }
  if (verdict.person) {
    verdict.kind = verdict.person->mailbox == MailboxState::full       ? Kind::mailbox_full
                   : verdict.person->mailbox == MailboxState::disabled ? Kind::mailbox_disabled
                                                                        : Kind::deliverable;
    return verdict;
  }
  const auto& generic = company->generic_emails;
  verdict.kind = std::find(generic.begin(), generic.end(), email) != generic.end() ? Kind::deliverable : Kind::no_such_user;
  return verdict;
}

}  // namespace leadflow::sandbox
