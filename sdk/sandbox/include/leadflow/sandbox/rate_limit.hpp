// Provider rate limits in virtual time: fixed windows (per second, minute, day, in any
// combination) per (account, class), and the X-RateLimit-* values a provider would send.
#pragma once

#include <leadflow/sandbox/http_message.hpp>
#include <leadflow/sandbox/scaled_clock.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace leadflow::sandbox {

struct RateWindow {
  std::int64_t length_ms;  // windows are aligned on the epoch: [k*length, (k+1)*length)
  std::int64_t limit;

  static RateWindow per_second(std::int64_t limit) { return {1000, limit}; }
  static RateWindow per_minute(std::int64_t limit) { return {60'000, limit}; }
  static RateWindow per_hour(std::int64_t limit) { return {3'600'000, limit}; }
  static RateWindow per_day(std::int64_t limit) { return {86'400'000, limit}; }
};

struct RateDecision {
  bool allowed = true;
  // The tightest window (fewest requests left; when refused, the one that refused):
  std::int64_t limit = 0;
  std::int64_t remaining = 0;        // after this request
  std::int64_t reset_epoch_s = 0;    // virtual Unix seconds when that window starts afresh
  std::int64_t window_ms = 0;        // its length
  std::int64_t retry_after_s = 0;    // when refused: virtual seconds until reset (at least 1)

  // Adds X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset.
  void add_headers(Response& response) const;
};

// THREAD: safe from any thread.
class RateLimit {
 public:
  explicit RateLimit(const ScaledClock& clock) : clock_(clock) {}

  // Declares (or replaces) the windows of a class. A class never defined is unlimited.
  void define(const std::string& rate_class, std::vector<RateWindow> windows);
  // Counts one request when every window has room; a refused request counts nowhere.
  RateDecision check(const std::string& account, const std::string& rate_class);
  void reset();

 private:
  struct Usage {
    std::int64_t window_start_ms = 0;
    std::int64_t used = 0;
  };
  const ScaledClock& clock_;
  std::mutex mutex_;
  std::map<std::string, std::vector<RateWindow>> classes_;
  std::map<std::tuple<std::string, std::string, std::size_t>, Usage> usage_;  // (account, class, window)
};

}  // namespace leadflow::sandbox
