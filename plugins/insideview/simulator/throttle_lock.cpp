// Counting and locking out; see throttle_lock.hpp.
#include "throttle_lock.hpp"

#include <algorithm>

namespace leadflow::insideview_sim {

ThrottleDecision ThrottleLock::admit(const std::string& account, const std::string& token, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  for (auto& held : locks_) {
    if (held.account != account || now_ms >= held.until_ms) continue;
    ++held.refused_during;
    if (now_ms - held.from_ms > lock_grace_ms) ++held.refused_after_grace;
    return {false, std::max<std::int64_t>(1, (held.until_ms - now_ms + 999) / 1000)};
  }
  for (auto& held : locks_)
    if (held.account == account && !held.resumed_at_ms) held.resumed_at_ms = now_ms;
  auto& window = windows_[token];
  if (now_ms - window.start_ms >= throttle_window_ms) window = Window{now_ms, 0};
  ++window.used;
  if (!enforced_ || window.used <= allowance_) return {};
  locks_.push_back(Lock{account, now_ms, now_ms + throttle_window_ms});
  for (auto& [other, counted] : windows_) counted = Window{now_ms + throttle_window_ms, 0};  // counting restarts after the lock
  return {false, throttle_window_ms / 1000};
}

nlohmann::json ThrottleLock::stats() const {
  std::lock_guard lock(mutex_);
  nlohmann::json locks = nlohmann::json::array();
  std::int64_t refused = 0;
  for (const auto& held : locks_) {
    locks.push_back({{"from_ms", held.from_ms},
                     {"until_ms", held.until_ms},
                     {"refused_during", held.refused_during},
                     {"refused_after_grace", held.refused_after_grace},
                     {"resumed_at_ms", held.resumed_at_ms ? nlohmann::json(*held.resumed_at_ms) : nlohmann::json()}});
    refused += held.refused_during;
  }
  return {{"requests_per_window", allowance_}, {"locks", locks}, {"refused_during_locks", refused}};
}

void ThrottleLock::clear() {
  std::lock_guard lock(mutex_);
  windows_.clear();
  locks_.clear();
}

}  // namespace leadflow::insideview_sim
