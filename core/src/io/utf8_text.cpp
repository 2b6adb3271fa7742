// UTF-8 validation per RFC 3629 (the table in its section 4), used on every CSV cell.
#include "io/utf8_text.hpp"

namespace leadflow::io {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

bool in_range(unsigned char c, unsigned char low, unsigned char high) { return c >= low && c <= high; }

// Length of the valid UTF-8 sequence starting at text[at], or 0 when it is not valid.
std::size_t valid_sequence_length(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) -> unsigned char {
    return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0;
  };
  const unsigned char lead = byte(0);
  auto tail = [&](std::size_t i) { return in_range(byte(i), 0x80, 0xBF); };
  if (lead < 0x80) return 1;
  if (in_range(lead, 0xC2, 0xDF)) return tail(1) ? 2 : 0;
  if (lead == 0xE0) return in_range(byte(1), 0xA0, 0xBF) && tail(2) ? 3 : 0;
  if (in_range(lead, 0xE1, 0xEC) || in_range(lead, 0xEE, 0xEF)) return tail(1) && tail(2) ? 3 : 0;
  if (lead == 0xED) return in_range(byte(1), 0x80, 0x9F) && tail(2) ? 3 : 0;
  if (lead == 0xF0) return in_range(byte(1), 0x90, 0xBF) && tail(2) && tail(3) ? 4 : 0;
  if (in_range(lead, 0xF1, 0xF3)) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  if (lead == 0xF4) return in_range(byte(1), 0x80, 0x8F) && tail(2) && tail(3) ? 4 : 0;
  return 0;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;
      continue;
    }
    const std::size_t length = valid_sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::nullopt;
}

std::string replace_invalid_utf8(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t length = valid_sequence_length(text, at);
    if (length == 0) {
      clean += replacement_character;
      ++at;
    } else {
      clean.append(text.substr(at, length));
      at += length;
    }
  }
  return clean;
}

}  // namespace leadflow::io
