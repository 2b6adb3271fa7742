// The shared token, hourly caps and list ids of one Snov.io account; see account_state.hpp.
#include "account_state.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::snov {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;

std::int64_t next_hour(std::int64_t now_ms) { return (now_ms / hour_ms + 1) * hour_ms; }

}  // namespace

std::optional<std::string> AccountState::token(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  if (token_.empty() || now_ms >= token_refresh_at_ms_) return std::nullopt;
  return token_;
}

void AccountState::store_token(std::string token, std::int64_t refresh_at_ms) {
  std::lock_guard lock(mutex_);
  token_ = std::move(token);
  token_refresh_at_ms_ = refresh_at_ms;
}

bool AccountState::begin_token_fetch(std::int64_t now_ms, std::int64_t stale_after_ms) {
  std::lock_guard lock(mutex_);
  if (token_fetch_started_ms_ && now_ms - *token_fetch_started_ms_ < stale_after_ms) return false;
  token_fetch_started_ms_ = now_ms;
  return true;
}

void AccountState::end_token_fetch() {
  std::lock_guard lock(mutex_);
  token_fetch_started_ms_.reset();
}

void AccountState::forget_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token_ == token) token_.clear();
}

std::int64_t AccountState::reserve(Cap cap, std::int64_t units, std::int64_t now_ms) {
  if (cap == Cap::none || units <= 0) return 0;
  std::lock_guard lock(mutex_);
  auto& usage = usage_[cap];
  if (now_ms < usage.paused_until_ms) return usage.paused_until_ms - now_ms;
  if (usage.hour != now_ms / hour_ms) usage.hour = now_ms / hour_ms, usage.used = 0;
  const auto limit = cap == Cap::finder ? caps_.finder_requests_per_hour : caps_.verifier_emails_per_hour;
  // A batch bigger than the whole cap goes alone at the start of an hour rather than never.
  if (usage.used > 0 && usage.used + units > limit) return next_hour(now_ms) - now_ms;
  usage.used += units;
  return 0;
}

void AccountState::pause_until_next_hour(Cap cap, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  usage_[cap].paused_until_ms = std::max(usage_[cap].paused_until_ms, next_hour(now_ms));
}

std::string AccountState::folded(const std::string& name) {
  std::string out;
  for (unsigned char c : name) out += static_cast<char>(std::tolower(c));
  return out;
}

std::optional<std::int64_t> AccountState::list_id(const std::string& name) const {
  std::lock_guard lock(mutex_);
  const auto found = lists_.find(folded(name));
  if (found == lists_.end()) return std::nullopt;
  return found->second;
}

void AccountState::remember_list(const std::string& name, std::int64_t id) {
  std::lock_guard lock(mutex_);
  lists_[folded(name)] = id;
  lists_being_created_.erase(folded(name));
}

bool AccountState::claim_list_creation(const std::string& name) {
  std::lock_guard lock(mutex_);
  return lists_being_created_.insert(folded(name)).second;
}

void AccountState::release_list_creation(const std::string& name) {
  std::lock_guard lock(mutex_);
  lists_being_created_.erase(folded(name));
}

}  // namespace leadflow::snov
