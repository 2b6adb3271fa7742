// Parsing suppression entries; see suppression_entry.hpp.
#include "suppression/suppression_entry.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "suppression/address_key.hpp"

namespace leadflow::suppression {
namespace {

using Parsed = std::variant<SuppressionEntry, std::string>;

bool has_whitespace(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string neither(std::string_view text) {
  return fmt::format("'{}' is neither an address nor a domain; write name@domain or a domain such as example.com", text);
}

Parsed parse_domain(std::string_view text, std::string_view domain) {
  if (domain.starts_with('.')) domain.remove_prefix(1);
  if (auto key = domain_key(domain)) return SuppressionEntry{SuppressionEntry::Kind::domain, std::move(*key)};
  if (!domain.empty() && domain.find('.') == std::string_view::npos && domain.find('@') == std::string_view::npos) {
    return fmt::format("'{}' is a single name, not a domain; write a domain such as example.com (a whole top-level "
                       "domain cannot be suppressed) or an address name@domain",
                       text);
  }
  return neither(text);
}

Parsed parse_address(std::string_view text) {
  if (auto key = address_key(text)) return SuppressionEntry{SuppressionEntry::Kind::address, std::move(*key)};
  return neither(text);
}

Parsed parse_any(std::string_view text) {
  if (text.starts_with('@')) return parse_domain(text, text.substr(1));
  if (text.find('@') != std::string_view::npos) return parse_address(text);
  return parse_domain(text, text);
}

}  // namespace

std::variant<SuppressionEntry, std::string> parse_entry(std::string_view text, EntrySource source) {
  text = trimmed(text);
  if (has_whitespace(text)) {
    return fmt::format("'{}' holds a space; write one address or domain per entry", text);
  }
  Parsed parsed = parse_any(text);
  const auto* entry = std::get_if<SuppressionEntry>(&parsed);
  if (entry == nullptr) return parsed;
  if (source == EntrySource::email_column && entry->kind == SuppressionEntry::Kind::domain) {
    return fmt::format("'{}' in the email column is a domain, not an address; move whole domains to a column "
                       "named domain",
                       text);
  }
  if (source == EntrySource::domain_column && entry->kind == SuppressionEntry::Kind::address) {
    return fmt::format("'{}' in the domain column is an address; move it to a column named email, or write only "
                       "its domain",
                       text);
  }
  return parsed;
}

}  // namespace leadflow::suppression
