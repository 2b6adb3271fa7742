// What the probe simulator saw, for the engine's tests: requests per key and when they came,
// batch sizes, jobs in flight, credits charged. Served by GET /_sandbox/probe; the kit's ledger
// and rate-limit statistics complete the picture.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace leadflow::probe_sim {

// THREAD: safe from any thread.
class Observations {
 public:
  // Counts one request naming `key` (a lookup, a batch item or a job submit) that passed the
  // rate limit and authentication, at virtual time `now_ms`. Returns the key's count so far,
  // 1 for its first request.
  std::int64_t request(const std::string& key, std::int64_t now_ms);
  void batch(std::size_t items);
  void job_submitted();
  // A job's done answer was read for the first time: it no longer counts as in flight.
  void job_finished();
  // One found answer given (repeats included), whether or not the ledger charged it.
  void found_answer();

  // {"requests": {key: n}, "times_ms": {key: [ms...]}, "max_batch_items", "batch_sizes",
  //  "job_submits", "jobs_in_flight", "max_concurrent_jobs", "charged"}
  nlohmann::json to_json() const;
  void reset();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t> requests_;
  std::map<std::string, std::vector<std::int64_t>> times_ms_;
  std::vector<std::size_t> batch_sizes_;
  std::int64_t job_submits_ = 0;
  std::int64_t jobs_in_flight_ = 0;
  std::int64_t max_concurrent_jobs_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace leadflow::probe_sim
