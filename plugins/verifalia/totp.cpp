// TOTP with OpenSSL's HMAC-SHA1; see totp.hpp.
#include "totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdio>

namespace leadflow::verifalia {

std::optional<std::string> decode_base32(std::string_view text) {
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    if (c >= '2' && c <= '7') value = c - '2' + 26;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 5) | std::uint32_t(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes += char((buffer >> bits) & 0xFF);
    }
  }
  return bytes;
}

std::string totp_code(std::string_view key, std::int64_t unix_seconds) {
  std::uint64_t counter = unix_seconds < 0 ? 0 : std::uint64_t(unix_seconds) / 30;
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i, counter >>= 8) message[std::size_t(i)] = static_cast<unsigned char>(counter & 0xFF);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), digest.data(), &length);
  const unsigned offset = digest[length - 1] & 0x0F;
  const std::uint32_t binary = (std::uint32_t(digest[offset] & 0x7F) << 24) | (std::uint32_t(digest[offset + 1]) << 16) |
                               (std::uint32_t(digest[offset + 2]) << 8) | std::uint32_t(digest[offset + 3]);
  char code[8];
  std::snprintf(code, sizeof code, "%06u", binary % 1000000u);
  return code;
}

}  // namespace leadflow::verifalia
