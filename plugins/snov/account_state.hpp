// What the operations of one Snov.io account share while they run: the OAuth access token
// (fetched once, refreshed before expires_in runs out or after a 401), the hourly finder and
// verifier caps (counted here, and paused until the hour is over when Snov says "There are too
// many prospects processing"), and the ids of prospect lists found or created by name, so that
// concurrent rows never create the same list twice.
#pragma once

#include "settings.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace leadflow::snov {

enum class Cap { none, finder, verifier };

// THREAD: safe from any thread (operations of one instance may run concurrently).
class AccountState {
 public:
  explicit AccountState(PlanCaps caps) : caps_(caps) {}

  // The cached token until its refresh time.
  std::optional<std::string> token(std::int64_t now_ms) const;
  void store_token(std::string token, std::int64_t refresh_at_ms);
  // Drops `token` if it is still the cached one (a 401 proved it dead).
  void forget_token(const std::string& token);
  // True for the one operation that should fetch a token now; the others wait for it. A fetch
  // that started `stale_after_ms` ago and never ended (its operation was cancelled) is given up.
  bool begin_token_fetch(std::int64_t now_ms, std::int64_t stale_after_ms);
  void end_token_fetch();

  // 0 when `units` fit in this hour's cap (they are counted), else how long to wait (ms).
  std::int64_t reserve(Cap cap, std::int64_t units, std::int64_t now_ms);
  // Snov refused: nothing of this cap leaves before the next hour.
  void pause_until_next_hour(Cap cap, std::int64_t now_ms);

  std::optional<std::int64_t> list_id(const std::string& name) const;
  void remember_list(const std::string& name, std::int64_t id);
  // True for the one caller that may create the list `name`; the others wait for its id.
  bool claim_list_creation(const std::string& name);
  void release_list_creation(const std::string& name);

 private:
  struct Usage {
    std::int64_t hour = -1;
    std::int64_t used = 0;
    std::int64_t paused_until_ms = 0;
  };
  static std::string folded(const std::string& name);

  mutable std::mutex mutex_;
  PlanCaps caps_;
  std::string token_;
  std::int64_t token_refresh_at_ms_ = 0;
  std::optional<std::int64_t> token_fetch_started_ms_;
  std::map<Cap, Usage> usage_;
  std::map<std::string, std::int64_t> lists_;
  std::set<std::string> lists_being_created_;
};

}  // namespace leadflow::snov
