// Provider rate limits in virtual time: fixed windows (per second, minute, day, in any
// combination) per (account, class), the X-RateLimit-* values a provider would send, and
// statistics per class so benchmarks can see how hard the host pushed.
#pragma once

#include <leadflow/sandbox/http_message.hpp>
#include <leadflow/sandbox/scaled_clock.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
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
  bool limited = false;  // a limit applies: false for a class never defined, or with refusing off
  // The tightest window (fewest requests left; when refused, the one that refused):
  std::int64_t limit = 0;
  std::int64_t remaining = 0;        // after this request
  std::int64_t reset_epoch_s = 0;    // virtual Unix seconds when that window starts afresh
  std::int64_t window_ms = 0;        // its length
  std::int64_t retry_after_s = 0;    // when refused: virtual seconds until reset (at least 1)

  // Adds X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset when `limited`: a
  // provider without a limit says nothing about one.
  void add_headers(Response& response) const;
};

// THREAD: safe from any thread.
class RateLimit {
 public:
  // With `refuse_over_limit` false the limits are only measured: every request is allowed and
  // counted, and its decision carries the usual X-RateLimit-* values (remaining stays 0 past
  // the limit), so a benchmark can run without the provider's limits but with its headers.
  explicit RateLimit(const ScaledClock& clock, bool refuse_over_limit = true)
      : clock_(clock), refuse_over_limit_(refuse_over_limit) {}

  // Declares (or replaces) the windows of a class. A class never defined is unlimited.
  void define(const std::string& rate_class, std::vector<RateWindow> windows);
  // Counts one request when every window has room; a refused request counts nowhere except
  // in the statistics.
  RateDecision check(const std::string& account, const std::string& rate_class);
  // Per class, across accounts (every defined class, and any other class checked):
  //   {"search_name": {"allowed": N, "refused": M, "first_ms": T1, "last_ms": T2}, ...}
  // with the virtual times of the first and last allowed request (null before any).
  nlohmann::json stats() const;
  // Forgets all usage and statistics.
  void reset();

 private:
  struct Usage {
    std::int64_t window_start_ms = 0;
    std::int64_t used = 0;
  };
  struct ClassStats {
    std::int64_t allowed = 0;
    std::int64_t refused = 0;
    std::optional<std::int64_t> first_ms;
    std::optional<std::int64_t> last_ms;
  };
  RateDecision decide(const std::string& account, const std::string& rate_class, std::int64_t now_ms);
  void record(const std::string& rate_class, bool allowed, std::int64_t now_ms);
  static nlohmann::json to_json(const ClassStats& stats);

  const ScaledClock& clock_;
  const bool refuse_over_limit_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<RateWindow>> classes_;
  std::map<std::tuple<std::string, std::string, std::size_t>, Usage> usage_;  // (account, class, window)
  std::map<std::string, ClassStats> stats_;
};

}  // namespace leadflow::sandbox
