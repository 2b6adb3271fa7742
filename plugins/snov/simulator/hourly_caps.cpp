// Counting finder requests and verifier emails per hour; see hourly_caps.hpp.
#include "hourly_caps.hpp"

namespace leadflow::snov_sim {

bool HourlyCaps::take(const std::string& account, Cap cap, std::int64_t units, std::int64_t now_ms) {
  auto& usage = used_[{account, cap}];
  const auto hour = now_ms / 3'600'000;
  if (usage.hour != hour) usage = Usage{hour, 0};
  const auto limit = cap == Cap::finder ? plan_.finder_requests_per_hour : plan_.verifier_emails_per_hour;
  if (usage.used + units > limit) return false;
  usage.used += units;
  return true;
}

}  // namespace leadflow::snov_sim
