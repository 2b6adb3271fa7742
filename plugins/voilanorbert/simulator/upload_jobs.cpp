// Verification and enrichment jobs; see upload_jobs.hpp.
#include "upload_jobs.hpp"

namespace leadflow::voilanorbert_sim {

UploadJob UploadJobs::create(UploadJob job) {
  std::lock_guard lock(mutex_);
  job.id = next_id_++;
  jobs_[job.token] = job;
  return job;
}

UploadJob* UploadJobs::locate(const std::string& account, UploadKind kind, const std::string& token) {
  auto it = jobs_.find(token);
  if (it == jobs_.end() || it->second.account != account || it->second.kind != kind) return nullptr;
  return &it->second;
}

std::optional<UploadJob> UploadJobs::find(const std::string& account, UploadKind kind, const std::string& token) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(token);
  if (it == jobs_.end() || it->second.account != account || it->second.kind != kind) return std::nullopt;
  return it->second;
}

std::optional<UploadJob> UploadJobs::pause(const std::string& account, UploadKind kind, const std::string& token, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto* job = locate(account, kind, token);
  if (!job) return std::nullopt;
  job->timeline.pause(now_ms);
  return *job;
}

std::optional<UploadJob> UploadJobs::resume(const std::string& account, UploadKind kind, const std::string& token, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto* job = locate(account, kind, token);
  if (!job) return std::nullopt;
  job->timeline.resume(now_ms);
  return *job;
}

std::vector<UploadJob> UploadJobs::take_newly_ended(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::vector<UploadJob> ended;
  for (auto& [token, job] : jobs_)
    if (!job.webhook_scheduled && job.timeline.finished(now_ms)) {
      job.webhook_scheduled = true;
      ended.push_back(job);
    }
  return ended;
}

void UploadJobs::clear() {
  std::lock_guard lock(mutex_);
  jobs_.clear();
  next_id_ = 873;
}

}  // namespace leadflow::voilanorbert_sim
