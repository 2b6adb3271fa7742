// Snov.io's OAuth client-credentials tokens: POST /v1/oauth/access_token hands out a Bearer
// token that lives `expires_in` seconds (3600, per Snov's docs); an expired or unknown token
// gets 401 on every API method.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace leadflow::snov_sim {

struct IssuedToken {
  std::string access_token;
  std::int64_t expires_in_s = 0;
};

// THREAD: not thread-safe; the simulator serialises its routes.
class TokenDesk {
 public:
  TokenDesk(std::uint64_t seed, std::int64_t lifetime_s) : seed_(seed), lifetime_s_(lifetime_s) {}

  IssuedToken issue(const std::string& account, std::int64_t now_ms);
  // The account a live token belongs to; nullopt for an unknown or expired token.
  std::optional<std::string> account_of(const std::string& token, std::int64_t now_ms) const;
  std::int64_t issued() const { return next_; }
  void clear() { tokens_.clear(); }

 private:
  struct Grant {
    std::string account;
    std::int64_t expires_at_ms = 0;
  };
  std::uint64_t seed_;
  std::int64_t lifetime_s_;
  std::int64_t next_ = 0;
  std::map<std::string, Grant> tokens_;
};

}  // namespace leadflow::snov_sim
