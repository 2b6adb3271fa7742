// The jobs InsideView runs; see job_board.hpp. Documented timings: "between 1 minute and a few
// hours". The model: 10 s in the queue, then 30 s plus 10 ms per id (a full job of 10,000 ids
// takes a little over 2 minutes), in virtual time.
#include "job_board.hpp"

#include <utility>

namespace leadflow::insideview_sim {

JobStatus Job::status_at(std::int64_t now_ms) const {
  if (now_ms < processing_ms) return JobStatus::accepted;
  if (now_ms < finished_ms) return JobStatus::processing;
  return fails ? JobStatus::failed : JobStatus::finished;
}

std::string_view to_string(JobStatus status) {
  switch (status) {
    case JobStatus::accepted: return "accepted";
    case JobStatus::processing: return "processing";
    case JobStatus::finished: return "finished";
    case JobStatus::failed: return "failed";
  }
  return "accepted";
}

int status_code(JobStatus status) {
  switch (status) {
    case JobStatus::accepted: return 1;
    case JobStatus::processing: return 2;
    case JobStatus::finished: return 3;
    case JobStatus::failed: return 0;
  }
  return -1;
}

std::int64_t JobBoard::queue_ms(std::size_t) const { return fixed_job_ms_ ? *fixed_job_ms_ / 4 : 10'000; }

std::int64_t JobBoard::processing_duration_ms(std::size_t ids) const {
  if (fixed_job_ms_) return *fixed_job_ms_ - *fixed_job_ms_ / 4;
  return 30'000 + static_cast<std::int64_t>(ids) * 10;
}

// Job ids look like InsideView's: 20 characters of [0-9a-v] ("v9qh2to86kg85s03trag").
std::string JobBoard::next_job_id() {
  static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuv";
  std::uint64_t state = seed_ * 0x9E3779B97F4A7C15ull + ++counter_;
  std::string id;
  for (int i = 0; i < 20; ++i) {
    state ^= state >> 33;
    state *= 0xFF51AFD7ED558CCDull;
    state ^= state >> 29;
    id += alphabet[state % 32];
  }
  return id;
}

std::variant<Job, Refusal> JobBoard::submit(const std::string& account, std::vector<std::string> ids, std::string webhook,
                                            std::int64_t now_ms, std::int64_t credits_left) {
  std::lock_guard lock(mutex_);
  int running = 0;
  std::int64_t reserved_ids = 0;
  for (const auto& [id, job] : jobs_) {
    if (job.account != account) continue;
    if (job.running_at(now_ms)) ++running;
    if (job.status_at(now_ms) == JobStatus::accepted) reserved_ids += static_cast<std::int64_t>(job.ids.size());
  }
  if (running >= 2) {
    ++refused_running_;
    return Refusal{Refusal::Reason::jobs_running,
                   "2 jobs are already running. Please try again once the previous jobs are finished."};
  }
  if (static_cast<std::int64_t>(ids.size()) > credits_left - reserved_ids) {
    ++refused_quota_;
    return Refusal{Refusal::Reason::quota, "Insufficient transaction quota available."};
  }
  Job job{.id = next_job_id(), .account = account, .ids = std::move(ids), .webhook = std::move(webhook), .created_ms = now_ms};
  job.processing_ms = now_ms + queue_ms(job.ids.size());
  job.finished_ms = job.processing_ms + processing_duration_ms(job.ids.size());
  job.fails = std::exchange(fail_next_, false);
  ids_submitted_ += static_cast<std::int64_t>(job.ids.size());
  max_running_ = std::max(max_running_, running + 1);
  order_.push_back(job.id);
  jobs_.emplace(job.id, job);
  return job;
}

std::optional<Job> JobBoard::find(const std::string& account, const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end() || it->second.account != account) return std::nullopt;
  return it->second;
}

std::vector<Job> JobBoard::jobs_of(const std::string& account) const {
  std::lock_guard lock(mutex_);
  std::vector<Job> out;
  for (const auto& id : order_)
    if (const auto& job = jobs_.at(id); job.account == account) out.push_back(job);
  return out;
}

void JobBoard::debit_started(sandbox::CreditLedger& ledger, std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, job] : jobs_)
    if (job.processing_ms <= now_ms) ledger.charge_once(job.account, "contact/job", id, static_cast<std::int64_t>(job.ids.size()));
}

void JobBoard::fail_next_job() {
  std::lock_guard lock(mutex_);
  fail_next_ = true;
}

std::int64_t JobBoard::reserved(const std::string& account, std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  std::int64_t reserved_ids = 0;
  for (const auto& [id, job] : jobs_)
    if (job.account == account && job.status_at(now_ms) == JobStatus::accepted) reserved_ids += static_cast<std::int64_t>(job.ids.size());
  return reserved_ids;
}

nlohmann::json JobBoard::stats() const {
  std::lock_guard lock(mutex_);
  return {{"jobs_submitted", order_.size()},
          {"ids_submitted", ids_submitted_},
          {"max_jobs_running", max_running_},
          {"refused_jobs_running", refused_running_},
          {"refused_quota", refused_quota_}};
}

void JobBoard::clear() {
  std::lock_guard lock(mutex_);
  jobs_.clear();
  order_.clear();
  ids_submitted_ = 0;
  max_running_ = 0;
  refused_running_ = 0;
  refused_quota_ = 0;
  fail_next_ = false;
}

}  // namespace leadflow::insideview_sim
