// Issuing and checking Snov.io access tokens; see token_desk.hpp.
#include "token_desk.hpp"

#include "stable_hash.hpp"

namespace leadflow::snov_sim {

IssuedToken TokenDesk::issue(const std::string& account, std::int64_t now_ms) {
  // 40 characters, like the docs' example token.
  auto token = hex_id(account + ":" + std::to_string(next_++), seed_, 40);
  tokens_[token] = Grant{account, now_ms + lifetime_s_ * 1000};
  return IssuedToken{std::move(token), lifetime_s_};
}

std::optional<std::string> TokenDesk::account_of(const std::string& token, std::int64_t now_ms) const {
  const auto found = tokens_.find(token);
  if (found == tokens_.end() || now_ms >= found->second.expires_at_ms) return std::nullopt;
  return found->second.account;
}

}  // namespace leadflow::snov_sim
