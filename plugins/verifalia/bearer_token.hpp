// Verifalia's bearer tokens are JWTs (API v2.6): the plugin reads their `exp` (to refresh
// before it) and `verifalia:mfa` (the second factors the user must still present) claims. The
// signature is Verifalia's business; the plugin only reads the payload.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::verifalia {

struct BearerToken {
  std::string value;              // the JWT as received
  std::int64_t expires_unix_s = 0;  // exp; 0 when absent
  std::vector<std::string> mfa;   // verifalia:mfa, e.g. {"totp"}; empty once authenticated

  bool needs_totp() const;
  // True while the token may still be sent at `now_ms`, keeping a minute's margin before exp.
  bool fresh_at(std::int64_t now_ms) const;
};

// The token in an /auth/tokens or /auth/totp/verifications answer ({"accessToken": JWT});
// nullopt when the body holds no readable JWT.
std::optional<BearerToken> parse_access_token(const std::string& body);

// The JSON payload of a JWT (its second, base64url part); nullopt when it is not one.
std::optional<std::string> jwt_payload(const std::string& jwt);

}  // namespace leadflow::verifalia
