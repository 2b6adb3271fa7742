// Loading and matching the do-not-contact list. Two hash tables keyed by the compared form: an
// address is one lookup (two with a +tag), a domain one lookup per label, walking from the full
// domain up to its parent ("a.mail.example.com", "mail.example.com", "example.com").
#include "suppression/suppression_list.hpp"

#include <fmt/format.h>

#include "suppression/address_key.hpp"
#include "suppression/suppression_file.hpp"

namespace leadflow::suppression {
namespace {

// "ada+news@example.com" -> "ada@example.com"; empty when there is no tag to drop.
std::string without_plus_tag(std::string_view address) {
  const auto at = address.rfind('@');
  const auto plus = address.substr(0, at).find('+');
  if (plus == std::string_view::npos || plus == 0) return {};
  return std::string(address.substr(0, plus)) + std::string(address.substr(at));
}

}  // namespace

SuppressionList SuppressionList::load(const std::filesystem::path& path) {
  SuppressionList list;
  read_entry_texts(path, [&](const EntryText& text) {
    auto parsed = parse_entry(text.text, text.source);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      throw Error(fmt::format("{}:{}: {}", path.string(), text.line, *problem));
    }
    list.add(std::get<SuppressionEntry>(parsed), text.line);
  });
  return list;
}

std::optional<SuppressionMatch> SuppressionList::match(std::string_view email) const {
  const auto key = address_key(trimmed(email));
  if (!key) return std::nullopt;
  if (auto found = match_address(*key)) return found;
  if (const std::string untagged = without_plus_tag(*key); !untagged.empty()) {
    if (auto found = match_address(untagged)) return found;
  }
  return match_domain(std::string_view(*key).substr(key->rfind('@') + 1));
}

void SuppressionList::add(const SuppressionEntry& entry, std::uint64_t line) {
  auto& keys = entry.kind == SuppressionEntry::Kind::address ? addresses_ : domains_;
  keys.insert(entry.key, line);
}

std::optional<SuppressionMatch> SuppressionList::match_address(std::string_view address_key) const {
  const auto found = addresses_.find(address_key);
  if (!found) return std::nullopt;
  return SuppressionMatch{SuppressionEntry::Kind::address, std::string(found->key), found->line};
}

std::optional<SuppressionMatch> SuppressionList::match_domain(std::string_view domain_key) const {
  if (domains_.size() == 0) return std::nullopt;
  while (true) {
    if (const auto found = domains_.find(domain_key)) {
      return SuppressionMatch{SuppressionEntry::Kind::domain, std::string(found->key), found->line};
    }
    const auto dot = domain_key.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    domain_key.remove_prefix(dot + 1);
  }
}

}  // namespace leadflow::suppression
