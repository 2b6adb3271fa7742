// Normalised text and canonical input keys; see lookup_key.hpp. utf8proc does the Unicode work
// (NFKC, case folding, character categories); the key is written by hand rather than with
// nlohmann's dump, which throws on invalid UTF-8 and would stop a run at one odd byte.
#include "cache/lookup_key.hpp"

#include <array>
#include <cstdlib>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <utf8proc.h>

namespace leadflow::cache {
namespace {

constexpr auto nfkc_casefold_options =
    static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE);

constexpr std::array domain_fields = {std::string_view("domain"), std::string_view("website"),
                                      std::string_view("company_domain")};
constexpr std::array url_schemes = {std::string_view("https://"), std::string_view("http://")};

const utf8proc_uint8_t* as_utf8(const char* bytes) { return reinterpret_cast<const utf8proc_uint8_t*>(bytes); }

// The code point starting text, with its length in bytes; nullopt when the bytes there are not UTF-8.
struct CodePoint {
  utf8proc_int32_t value;
  std::size_t bytes;
};
std::optional<CodePoint> decode_first(std::string_view text) {
  utf8proc_int32_t value = 0;
  const auto length = utf8proc_iterate(as_utf8(text.data()), static_cast<utf8proc_ssize_t>(text.size()), &value);
  if (length <= 0) return std::nullopt;
  return CodePoint{value, static_cast<std::size_t>(length)};
}

// nullopt when text is not valid UTF-8.
std::optional<std::string> nfkc_casefold(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto length =
      utf8proc_map(as_utf8(text.data()), static_cast<utf8proc_ssize_t>(text.size()), &mapped, nfkc_casefold_options);
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

// ASCII controls that separate words, NEL, and Unicode's space, line and paragraph separators.
bool is_whitespace(utf8proc_int32_t code_point) {
  if ((code_point >= 0x09 && code_point <= 0x0d) || code_point == 0x85) return true;
  const auto category = utf8proc_category(code_point);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
}

// Expects valid UTF-8.
std::string collapse_whitespace(std::string_view text) {
  std::string collapsed;
  collapsed.reserve(text.size());
  bool space_pending = false;
  while (!text.empty()) {
    const auto code_point = decode_first(text);
    const std::size_t bytes = code_point ? code_point->bytes : 1;
    if (code_point && is_whitespace(code_point->value)) {
      space_pending = !collapsed.empty();
    } else {
      if (space_pending) collapsed.push_back(' ');
      space_pending = false;
      collapsed.append(text.substr(0, bytes));
    }
    text.remove_prefix(bytes);
  }
  return collapsed;
}

bool is_domain_field(std::string_view key) {
  for (const auto field : domain_fields)
    if (field == key) return true;
  return false;
}

// "https://www.acme.com/" -> "acme.com". Expects normalised (lower-case) text.
std::string bare_domain(std::string text) {
  std::string_view domain = text;
  for (const auto scheme : url_schemes)
    if (domain.starts_with(scheme)) {
      domain.remove_prefix(scheme.size());
      break;
    }
  if (domain.starts_with("www.")) domain.remove_prefix(4);
  while (domain.ends_with('/') || domain.ends_with('.')) domain.remove_suffix(1);
  return std::string(domain);
}

// A JSON string literal, except that a byte that does not start a UTF-8 sequence is written as
// \xNN (never produced for valid text, whose backslashes are escaped).
void write_string(std::string& out, std::string_view text) {
  out.push_back('"');
  while (!text.empty()) {
    const auto code_point = decode_first(text);
    if (!code_point) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text.front()));
      text.remove_prefix(1);
      continue;
    }
    const auto value = code_point->value;
    if (value == '"' || value == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(value));
    } else if (value < 0x20 || value == 0x7f) {
      out += fmt::format("\\u{:04x}", value);
    } else {
      out.append(text.substr(0, code_point->bytes));
    }
    text.remove_prefix(code_point->bytes);
  }
  out.push_back('"');
}

// Objects come out with sorted keys: nlohmann::json keeps them in a std::map.
void write_value(std::string& out, const nlohmann::json& value) {
  if (value.is_string()) return write_string(out, value.get_ref<const std::string&>());
  if (value.is_array()) {
    out.push_back('[');
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out.push_back(',');
      write_value(out, value[i]);
    }
    out.push_back(']');
    return;
  }
  if (value.is_object()) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first) out.push_back(',');
      first = false;
      write_string(out, key);
      out.push_back(':');
      write_value(out, member);
    }
    out.push_back('}');
    return;
  }
  out += value.dump();  // numbers, booleans, null
}

// What a field contributes to the key: nullopt when it is empty and so dropped.
std::optional<nlohmann::json> canonical_field(std::string_view key, const nlohmann::json& value) {
  if (value.is_string()) {
    auto text = normalise_text(value.get_ref<const std::string&>());
    if (is_domain_field(key)) text = bare_domain(std::move(text));
    if (text.empty()) return std::nullopt;
    return nlohmann::json(std::move(text));
  }
  if (value.is_null() || ((value.is_array() || value.is_object()) && value.empty())) return std::nullopt;
  return value;
}

}  // namespace

std::string normalise_text(std::string_view text) {
  if (text.empty()) return {};
  const auto folded = nfkc_casefold(text);
  if (!folded) return std::string(text);
  return collapse_whitespace(*folded);
}

std::string lookup_key(const nlohmann::json& input) {
  std::string key;
  if (!input.is_object()) {
    write_value(key, input);
    return key;
  }
  key.push_back('{');
  bool first = true;
  for (const auto& [name, value] : input.items()) {
    const auto field = canonical_field(name, value);
    if (!field) continue;
    if (!first) key.push_back(',');
    first = false;
    write_string(key, name);
    key.push_back(':');
    write_value(key, *field);
  }
  key.push_back('}');
  return key;
}

}  // namespace leadflow::cache
