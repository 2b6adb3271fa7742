// Compared forms of addresses and domains; see address_key.hpp. ASCII text, nearly every entry of
// a real list, takes a fast path: a million-entry list must load in about a second.
#include "suppression/address_key.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <utf8proc.h>

#include "suppression/punycode.hpp"

namespace leadflow::suppression {
namespace {

constexpr std::string_view punycode_prefix = "xn--";

constexpr auto nfkc_casefold_options =
    static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE);

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// nullopt when the text is not valid UTF-8.
std::optional<std::string> fold_case(std::string_view text) {
  if (is_ascii(text)) {
    std::string folded(text);
    std::transform(folded.begin(), folded.end(), folded.begin(), ascii_lower);
    return folded;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                   static_cast<utf8proc_ssize_t>(text.size()), &mapped, nfkc_casefold_options);
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

bool is_label_character(char c) {
  if (static_cast<unsigned char>(c) >= 0x80) return true;
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool is_valid_label(std::string_view label) {
  return !label.empty() && std::all_of(label.begin(), label.end(), is_label_character);
}

// The label in Unicode when it is Punycode that decodes; otherwise as it is.
std::string unicode_label(std::string_view label) {
  if (!label.starts_with(punycode_prefix)) return std::string(label);
  const auto decoded = decode_punycode(label.substr(punycode_prefix.size()));
  if (!decoded) return std::string(label);
  return fold_case(*decoded).value_or(std::string(label));
}

bool is_local_part_character(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || (byte > 0x20 && byte != 0x7f);
}

// No whitespace or control characters, and an '@' only inside a quoted local part ("a@b"@x.com).
bool is_valid_local_part(std::string_view local) {
  if (local.empty() || !std::all_of(local.begin(), local.end(), is_local_part_character)) return false;
  const bool quoted = local.size() >= 2 && local.front() == '"' && local.back() == '"';
  return quoted || local.find('@') == std::string_view::npos;
}

}  // namespace

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view blanks = " \t\r\n";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::optional<std::string> domain_key(std::string_view domain) {
  if (domain.ends_with('.')) domain.remove_suffix(1);
  const auto folded = fold_case(domain);
  if (!folded) return std::nullopt;

  std::string key;
  key.reserve(folded->size());
  std::size_t labels = 0;
  std::string_view rest = *folded;
  while (true) {
    const auto dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (!is_valid_label(label)) return std::nullopt;
    if (labels++ > 0) key += '.';
    key += unicode_label(label);
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (labels < 2) return std::nullopt;
  return key;
}

std::optional<std::string> address_key(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view local = address.substr(0, at);
  if (!is_valid_local_part(local)) return std::nullopt;
  const auto local_key = fold_case(local);
  const auto domain = domain_key(address.substr(at + 1));
  if (!local_key || !domain) return std::nullopt;
  return *local_key + '@' + *domain;
}

}  // namespace leadflow::suppression
