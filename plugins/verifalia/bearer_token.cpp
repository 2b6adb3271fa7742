// Reading Verifalia's JWT bearer tokens; see bearer_token.hpp.
#include "bearer_token.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace leadflow::verifalia {
namespace {

std::optional<std::string> decode_base64url(std::string_view text) {
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '-' || c == '+') value = 62;
    else if (c == '_' || c == '/') value = 63;
    else if (c == '=') break;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | std::uint32_t(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += char((buffer >> bits) & 0xFF);
    }
  }
  return bytes;
}

}  // namespace

bool BearerToken::needs_totp() const { return std::find(mfa.begin(), mfa.end(), "totp") != mfa.end(); }

bool BearerToken::fresh_at(std::int64_t now_ms) const {
  return expires_unix_s == 0 || now_ms + 60'000 < expires_unix_s * 1000;
}

std::optional<std::string> jwt_payload(const std::string& jwt) {
  const auto first = jwt.find('.');
  if (first == std::string::npos) return std::nullopt;
  const auto second = jwt.find('.', first + 1);
  if (second == std::string::npos) return std::nullopt;
  return decode_base64url(std::string_view(jwt).substr(first + 1, second - first - 1));
}

std::optional<BearerToken> parse_access_token(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("accessToken") || !json["accessToken"].is_string()) return std::nullopt;
  BearerToken token;
  token.value = json["accessToken"].get<std::string>();
  const auto payload_text = jwt_payload(token.value);
  if (!payload_text) return std::nullopt;
  const auto payload = nlohmann::json::parse(*payload_text, nullptr, false);
  if (!payload.is_object()) return std::nullopt;
  if (payload.contains("exp") && payload["exp"].is_number()) token.expires_unix_s = payload["exp"].get<std::int64_t>();
  // The claim is an array of factor names; "any other value may change and must be ignored".
  if (payload.contains("verifalia:mfa")) {
    const auto& mfa = payload["verifalia:mfa"];
    if (mfa.is_array())
      for (const auto& factor : mfa)
        if (factor.is_string()) token.mfa.push_back(factor.get<std::string>());
    if (mfa.is_string()) token.mfa.push_back(mfa.get<std::string>());
  }
  return token;
}

}  // namespace leadflow::verifalia
