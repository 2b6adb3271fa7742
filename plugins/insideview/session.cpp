// The account state shared by operations; see session.hpp.
#include "session.hpp"

#include <algorithm>

namespace leadflow::insideview {

std::optional<std::string> Session::token(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  if (token_.empty()) return std::nullopt;
  if (expires_ms_ && now_ms >= *expires_ms_ - token_refresh_margin_ms) return std::nullopt;
  return token_;
}

void Session::remember_token(std::string token, std::optional<std::int64_t> expires_ms) {
  std::lock_guard lock(mutex_);
  token_ = std::move(token);
  expires_ms_ = expires_ms;
}

void Session::forget_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token_ == token) token_.clear();
}

bool Session::claim_login(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (login_claimed_ms_ && now_ms - *login_claimed_ms_ < login_claim_ms) return false;
  login_claimed_ms_ = now_ms;
  return true;
}

void Session::release_login() {
  std::lock_guard lock(mutex_);
  login_claimed_ms_.reset();
}

std::int64_t Session::throttled_until() const {
  std::lock_guard lock(mutex_);
  return throttled_until_ms_;
}

void Session::hold_until(std::int64_t until_ms) {
  std::lock_guard lock(mutex_);
  throttled_until_ms_ = std::max(throttled_until_ms_, until_ms);
}

}  // namespace leadflow::insideview
