// The probe simulator's jobs; see job_board.hpp.
#include "job_board.hpp"

namespace leadflow::probe_sim {

Job JobBoard::submit(const std::string& key, std::int64_t now_ms, std::int64_t duration_ms) {
  std::lock_guard lock(mutex_);
  Job job{"J" + std::to_string(next_id_++), key, now_ms + duration_ms};
  jobs_.emplace(job.id, job);
  return job;
}

std::optional<JobPoll> JobBoard::poll(const std::string& id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return std::nullopt;
  auto& job = found->second;
  const bool first_done_read = job.done(now_ms) && !job.done_read;
  if (first_done_read) job.done_read = true;
  return JobPoll{job, first_done_read};
}

void JobBoard::clear() {
  std::lock_guard lock(mutex_);
  jobs_.clear();
  next_id_ = 1;
}

}  // namespace leadflow::probe_sim
