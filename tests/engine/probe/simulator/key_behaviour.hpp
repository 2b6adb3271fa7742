// What a key asks the probe simulator to do. Tests choose a provider's behaviour by naming
// their keys, so one CSV column drives every failure mode:
//   nf-...        not found (free)
//   bad-...       rejected: 400 on /lookup and /jobs, an item error in /batch
//   e5xx-N-...    the first N requests naming the key answer 503
//   e429-S-...    the first request naming the key answers 429 with Retry-After: S
//   slow-...      its job takes 30 s instead of 2 s
//   anything else found, with value "v:" + key
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadflow::probe_sim {

struct KeyBehaviour {
  bool found = true;
  bool rejected = false;
  std::int64_t failing_requests = 0;           // e5xx-N-: answer 503 while the key's request count <= N
  std::optional<std::int64_t> retry_after_s;   // e429-S-: the first request answers 429
  bool slow_job = false;

  // The answer to the n-th request (1-based) naming this key, before the key's own answer.
  bool fails_request(std::int64_t n) const { return n <= failing_requests; }
  bool throttles_request(std::int64_t n) const { return retry_after_s && n == 1; }
};

// A prefix with a malformed number ("e5xx-x-1") is not special: the key is a plain key.
KeyBehaviour behaviour_of(std::string_view key);

// "v:" + key: the value of every found key.
std::string value_of(std::string_view key);

}  // namespace leadflow::probe_sim
