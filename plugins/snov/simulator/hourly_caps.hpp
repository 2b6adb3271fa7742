// Snov.io's hourly caps by plan: the email finder counts requests (Starter 200/hour ... Pro 100K
// 1000/hour), the verifier counts emails (Starter 500/hour ... Pro 100K 4000/hour). Past the cap
// both answer "There are too many prospects processing. Please try later" until the hour is
// over. Hours are aligned on the epoch, like every sandbox rate window.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace leadflow::snov_sim {

enum class Cap { finder, verifier };

struct PlanCaps {
  std::int64_t finder_requests_per_hour = 200;   // Starter
  std::int64_t verifier_emails_per_hour = 500;   // Starter
};

// THREAD: not thread-safe; the simulator serialises its routes.
class HourlyCaps {
 public:
  explicit HourlyCaps(PlanCaps plan) : plan_(plan) {}

  // Counts `units` against the account's cap for this hour; false (and nothing counted) when
  // they do not fit.
  bool take(const std::string& account, Cap cap, std::int64_t units, std::int64_t now_ms);
  void clear() { used_.clear(); }

 private:
  struct Usage {
    std::int64_t hour = -1;
    std::int64_t used = 0;
  };
  PlanCaps plan_;
  std::map<std::pair<std::string, Cap>, Usage> used_;
};

}  // namespace leadflow::snov_sim
