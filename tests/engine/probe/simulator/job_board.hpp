// The probe API's asynchronous jobs: each runs for a fixed virtual time, then stays done.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace leadflow::probe_sim {

struct Job {
  std::string id;  // "J1", "J2", ...
  std::string key;
  std::int64_t ready_at_ms = 0;  // virtual time
  bool done_read = false;        // a poll has seen it done

  bool done(std::int64_t now_ms) const { return now_ms >= ready_at_ms; }
};

// What a poll sees: the job, and whether this is the first poll to find it done.
struct JobPoll {
  Job job;
  bool first_done_read = false;
};

// THREAD: safe from any thread.
class JobBoard {
 public:
  Job submit(const std::string& key, std::int64_t now_ms, std::int64_t duration_ms);
  // nullopt for an unknown id.
  std::optional<JobPoll> poll(const std::string& id, std::int64_t now_ms);
  void clear();

 private:
  std::mutex mutex_;
  std::int64_t next_id_ = 1;
  std::map<std::string, Job> jobs_;
};

}  // namespace leadflow::probe_sim
