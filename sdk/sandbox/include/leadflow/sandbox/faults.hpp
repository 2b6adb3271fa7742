// Fault injection for simulators, so the host's retries, backoff and 429 handling can be seen
// working. A spec lists faults, comma-separated:
//   5xx:P               answer 503 (JSON) with probability P
//   drop:P              close the connection without a (complete) answer
//   slow:P:MS           delay the answer by MS real milliseconds, then answer normally
//   malformed:P         answer 200 with a truncated JSON body
//   429:P[:retry-after=S]  answer 429, with Retry-After: S when given
//   <kind>-burst:N[...] the next N requests all get <kind> (e.g. "5xx-burst:5")
// Bursts come first; probabilistic faults are exclusive (one draw per request, seeded RNG).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace leadflow::sandbox {

enum class FaultKind { server_error, drop, slow, malformed, too_many_requests };

struct Fault {
  FaultKind kind;
  std::int64_t slow_ms = 0;                    // slow
  std::optional<std::int64_t> retry_after_s;   // too_many_requests
};

struct FaultRule {
  Fault fault;
  double probability = 0;   // probabilistic rules
  std::int64_t burst = 0;   // burst rules: how many of the next requests
};

// Parses a spec; throws std::invalid_argument naming the bad entry and the expected form.
std::vector<FaultRule> parse_fault_spec(const std::string& spec);

// THREAD: safe from any thread.
class Faults {
 public:
  explicit Faults(std::uint64_t seed = 42) : rng_(seed) {}

  // Replaces the rules (and pending bursts). Throws std::invalid_argument on a bad spec,
  // leaving the current rules in place.
  void configure(const std::string& spec);
  std::string spec() const;
  // Decides the fate of one request: nullopt means answer it normally.
  std::optional<Fault> next();
  // How many requests were faulted since the last configure().
  std::int64_t injected() const;

 private:
  mutable std::mutex mutex_;
  std::mt19937_64 rng_;
  std::string spec_;
  std::vector<FaultRule> probabilistic_;
  std::deque<FaultRule> bursts_;
  std::int64_t injected_ = 0;
};

}  // namespace leadflow::sandbox
