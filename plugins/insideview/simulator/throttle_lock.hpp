// InsideView's throttling: requests are counted per access token over a 5-minute window; the
// request over the allowance is answered 429 and the token, and every other token of the same
// account, is locked out until a full 5-minute period has passed. Requests during the lock are
// refused too (and counted, so tests can see that a client kept quiet).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::insideview_sim {

inline constexpr std::int64_t throttle_window_ms = 5 * 60'000;
// Requests already on their way when the lock began cannot have known of it: those arriving
// within this (virtual) time of the 429 are counted apart from the ones sent afterwards.
inline constexpr std::int64_t lock_grace_ms = 2'000;

struct ThrottleDecision {
  bool allowed = true;
  std::int64_t retry_after_s = 0;  // when refused: virtual seconds until the lock ends (at least 1)
};

// THREAD: safe from any thread.
class ThrottleLock {
 public:
  // `enforced` false: requests are counted but never refused (--no-rate-limits).
  ThrottleLock(std::int64_t requests_per_window, bool enforced) : allowance_(requests_per_window), enforced_(enforced) {}

  ThrottleDecision admit(const std::string& account, const std::string& token, std::int64_t now_ms);

  // {"requests_per_window", "locks": [{"from_ms", "until_ms", "refused_during", "refused_after_grace",
  //   "resumed_at_ms"}], "refused_during_locks"}
  nlohmann::json stats() const;
  void clear();

 private:
  struct Window {
    std::int64_t start_ms = 0;
    std::int64_t used = 0;
  };
  struct Lock {
    std::string account;
    std::int64_t from_ms = 0;
    std::int64_t until_ms = 0;
    std::int64_t refused_during = 0;
    std::int64_t refused_after_grace = 0;        // refused more than lock_grace_ms after the lock began
    std::optional<std::int64_t> resumed_at_ms;  // the first request served after the lock
  };

  const std::int64_t allowance_;
  const bool enforced_;
  mutable std::mutex mutex_;
  std::map<std::string, Window> windows_;  // by token
  std::vector<Lock> locks_;
};

}  // namespace leadflow::insideview_sim
