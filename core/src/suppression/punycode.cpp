// RFC 3492 §6.2 decoding, following the RFC's own sample code; the constants are its §5
// parameters for IDNA.
#include "suppression/punycode.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace leadflow::suppression {
namespace {

constexpr std::uint32_t base = 36;
constexpr std::uint32_t t_min = 1;
constexpr std::uint32_t t_max = 26;
constexpr std::uint32_t skew = 38;
constexpr std::uint32_t damp = 700;
constexpr std::uint32_t initial_bias = 72;
constexpr std::uint32_t initial_n = 128;
constexpr std::uint32_t max_int = std::numeric_limits<std::uint32_t>::max();

std::optional<std::uint32_t> digit_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0') + 26;
  if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A');
  return std::nullopt;
}

std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first_time) {
  delta = first_time ? delta / damp : delta / 2;
  delta += delta / points;
  std::uint32_t k = 0;
  while (delta > ((base - t_min) * t_max) / 2) {
    delta /= base - t_min;
    k += base;
  }
  return k + (base - t_min + 1) * delta / (delta + skew);
}

std::uint32_t threshold(std::uint32_t k, std::uint32_t bias) {
  if (k <= bias) return t_min;
  if (k >= bias + t_max) return t_max;
  return k - bias;
}

bool is_scalar_value(std::uint32_t code_point) {
  return code_point <= 0x10ffff && (code_point < 0xd800 || code_point > 0xdfff);
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
}

// Reads one generalized variable-length integer (RFC 3492 §3.3) from the front of `encoded` and
// adds it to `i`; false on a bad digit, a truncated number or overflow.
bool add_next_delta(std::string_view& encoded, std::uint32_t& i, std::uint32_t bias) {
  std::uint32_t weight = 1;
  for (std::uint32_t k = base;; k += base) {
    if (encoded.empty()) return false;
    const auto digit = digit_value(encoded.front());
    encoded.remove_prefix(1);
    if (!digit || *digit > (max_int - i) / weight) return false;
    i += *digit * weight;
    const std::uint32_t t = threshold(k, bias);
    if (*digit < t) return true;
    if (weight > max_int / (base - t)) return false;
    weight *= base - t;
  }
}

}  // namespace

std::optional<std::string> decode_punycode(std::string_view encoded) {
  std::vector<std::uint32_t> code_points;
  if (const auto last_dash = encoded.rfind('-'); last_dash != std::string_view::npos) {
    for (const char c : encoded.substr(0, last_dash)) {
      if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
      code_points.push_back(static_cast<unsigned char>(c));
    }
    encoded.remove_prefix(last_dash + 1);
  }

  std::uint32_t n = initial_n;
  std::uint32_t i = 0;
  std::uint32_t bias = initial_bias;
  while (!encoded.empty()) {
    const std::uint32_t previous_i = i;
    if (!add_next_delta(encoded, i, bias)) return std::nullopt;
    const auto points = static_cast<std::uint32_t>(code_points.size() + 1);
    bias = adapt(i - previous_i, points, previous_i == 0);
    if (i / points > max_int - n) return std::nullopt;
    n += i / points;
    i %= points;
    if (!is_scalar_value(n)) return std::nullopt;
    code_points.insert(code_points.begin() + i, n);
    ++i;
  }

  std::string decoded;
  for (const auto code_point : code_points) append_utf8(decoded, code_point);
  return decoded;
}

}  // namespace leadflow::suppression
