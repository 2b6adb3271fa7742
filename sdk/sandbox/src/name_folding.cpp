// Case- and accent-insensitive keys for names and domains; see name_folding.hpp.
#include <leadflow/sandbox/name_folding.hpp>

#include <cctype>
#include <cstdint>

namespace leadflow::sandbox {
namespace {

// Decodes one UTF-8 sequence at text[i], advancing i; invalid bytes come back as themselves.
std::uint32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return lead;
  }
  std::uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += length;
  return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Latin-1 Supplement letters U+00C0..U+00FF without their accents, lower-case.
constexpr const char* latin1_folded[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF
};

// Latin Extended-A (U+0100..U+017F): the base letter of each, lower-case.
constexpr const char latin_extended_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

std::string fold_code_point(std::uint32_t cp) {
  if (cp < 0x80) return std::string(1, static_cast<char>(std::tolower(static_cast<int>(cp))));
  if (cp >= 0xC0 && cp <= 0xFF && latin1_folded[cp - 0xC0]) return latin1_folded[cp - 0xC0];
  if (cp == 0x141 || cp == 0x142) return "l";  // Ł ł
  if (cp == 0x152 || cp == 0x153) return "oe";  // Œ œ
  if (cp >= 0x100 && cp <= 0x17F && cp - 0x100 < sizeof(latin_extended_a) - 1)
    return std::string(1, latin_extended_a[cp - 0x100]);
  std::string kept;
  append_utf8(kept, cp);
  return kept;
}

bool is_space(std::uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0; }

}  // namespace

std::string fold_name(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = next_code_point(text, i);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += fold_code_point(cp);
  }
  return out;
}

std::string email_token(std::string_view text) {
  std::string out;
  for (char c : fold_name(text))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

std::string normalize_domain(std::string_view text) {
  std::string domain = fold_name(text);
  for (std::string_view scheme : {"https://", "http://"})
    if (domain.starts_with(scheme)) domain.erase(0, scheme.size());
  domain = domain.substr(0, domain.find_first_of("/?#"));
  if (domain.starts_with("www.")) domain.erase(0, 4);
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  return domain;
}

}  // namespace leadflow::sandbox
