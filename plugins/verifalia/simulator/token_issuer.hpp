// Verifalia's bearer tokens on the simulator's side: JWTs carrying sub, exp and, while the
// user's TOTP factor is still due, verifalia:mfa = ["totp"]. Tokens live in virtual time.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace leadflow::verifalia_sim {

struct IssuedToken {
  std::string user;
  std::int64_t expires_ms = 0;
  bool mfa_pending = false;
};

// THREAD: safe from any thread.
class TokenIssuer {
 public:
  // A new JWT for `user`, valid for lifetime_s from `now_ms`.
  std::string issue(const std::string& user, bool mfa_pending, std::int64_t now_ms);
  // The token's record while it is valid at `now_ms`; nullopt when unknown or expired.
  std::optional<IssuedToken> check(const std::string& token, std::int64_t now_ms) const;
  void set_lifetime_s(std::int64_t seconds);
  void clear();

 private:
  mutable std::mutex mutex_;
  std::int64_t lifetime_s_ = 3600;
  std::uint64_t serial_ = 1;
  std::map<std::string, IssuedToken> tokens_;
};

// True when `code` is the TOTP of base32 `secret` at `now_ms`, or of the 30 s step before or after.
bool totp_matches(const std::string& secret, const std::string& code, std::int64_t now_ms);

}  // namespace leadflow::verifalia_sim
