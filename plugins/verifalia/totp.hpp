// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 6 digits, 30 s steps):
// the second factor Verifalia asks for when a bearer token's verifalia:mfa claim lists "totp".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadflow::verifalia {

// The bytes of an RFC 4648 base32 secret (case, spaces, dashes and padding ignored); nullopt
// when it holds another character.
std::optional<std::string> decode_base32(std::string_view text);

// The 6-digit code for `key` (raw bytes) at Unix time `unix_seconds`, zero-padded.
std::string totp_code(std::string_view key, std::int64_t unix_seconds);

}  // namespace leadflow::verifalia
