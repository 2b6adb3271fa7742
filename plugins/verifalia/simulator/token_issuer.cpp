// JWT issuing and TOTP checking; see token_issuer.hpp. The TOTP algorithm (RFC 6238) is the
// plugin's totp.cpp, itself checked against the RFC's test vectors.
#include "token_issuer.hpp"

#include "totp.hpp"

#include <nlohmann/json.hpp>

namespace leadflow::verifalia_sim {
namespace {

std::string base64url(const std::string& bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 63];
  return out;
}

}  // namespace

std::string TokenIssuer::issue(const std::string& user, bool mfa_pending, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const std::int64_t expires_ms = now_ms + lifetime_s_ * 1000;
  nlohmann::json claims{{"sub", user}, {"exp", expires_ms / 1000}, {"jti", serial_}};
  if (mfa_pending) claims["verifalia:mfa"] = nlohmann::json::array({"totp"});
  const std::string token = base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(claims.dump()) + "." +
                            base64url("sandbox-signature-" + std::to_string(serial_++));
  tokens_[token] = IssuedToken{user, expires_ms, mfa_pending};
  return token;
}

std::optional<IssuedToken> TokenIssuer::check(const std::string& token, std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || now_ms >= it->second.expires_ms) return std::nullopt;
  return it->second;
}

void TokenIssuer::set_lifetime_s(std::int64_t seconds) {
  std::lock_guard lock(mutex_);
  lifetime_s_ = seconds;
}

void TokenIssuer::clear() {
  std::lock_guard lock(mutex_);
  tokens_.clear();
  lifetime_s_ = 3600;
}

bool totp_matches(const std::string& secret, const std::string& code, std::int64_t now_ms) {
  const auto key = verifalia::decode_base32(secret);
  if (!key) return false;
  for (int step : {0, -1, 1})
    if (verifalia::totp_code(*key, now_ms / 1000 + 30 * step) == code) return true;
  return false;
}

}  // namespace leadflow::verifalia_sim
