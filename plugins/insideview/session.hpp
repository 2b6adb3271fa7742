// What the operations of one InsideView account share while they run: the access token obtained
// at the token endpoint (and when it expires), and the end of the account's throttle lock
// (InsideView: after a 429 the token, and every other token of the account, is locked out for a
// full 5-minute window). Times are the host's provider clock (op.now_unix_ms()).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace leadflow::insideview {

// Refresh a token this long before InsideView says it expires.
inline constexpr std::int64_t token_refresh_margin_ms = 5 * 60'000;
// One login at a time per account: the others wait for its token. A login claimed longer ago
// than this (its operation was cancelled, or its request is stuck) no longer holds them back.
inline constexpr std::int64_t login_claim_ms = 60'000;
// How long an operation waits before looking again for the token another one is fetching.
inline constexpr std::int64_t login_wait_ms = 1'000;

// THREAD: safe from any thread (operations of one instance may run concurrently).
class Session {
 public:
  // The current token, unless none was obtained yet or it is about to expire.
  std::optional<std::string> token(std::int64_t now_ms) const;
  // `expires_ms` nullopt: InsideView did not say; the token is used until a 401.
  void remember_token(std::string token, std::optional<std::int64_t> expires_ms);
  // After a 401 with `token`: the next call logs in again (unless another operation already did).
  void forget_token(const std::string& token);
  // True when the caller should log in now; false when another operation's login is under way.
  bool claim_login(std::int64_t now_ms);
  // The claimed login ended (a token was remembered, or it failed).
  void release_login();

  // No API request may leave before this instant (0: none is held).
  std::int64_t throttled_until() const;
  void hold_until(std::int64_t until_ms);

 private:
  mutable std::mutex mutex_;
  std::string token_;
  std::optional<std::int64_t> expires_ms_;
  std::int64_t throttled_until_ms_ = 0;
  std::optional<std::int64_t> login_claimed_ms_;
};

}  // namespace leadflow::insideview
