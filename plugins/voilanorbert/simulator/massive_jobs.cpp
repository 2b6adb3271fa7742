// Bulk searches; see massive_jobs.hpp.
#include "massive_jobs.hpp"

namespace leadflow::voilanorbert_sim {

Massive MassiveJobs::create(Massive massive) {
  std::lock_guard lock(mutex_);
  massive.id = next_id_++;
  massives_[massive.id] = massive;
  return massive;
}

Massive* MassiveJobs::locate(const std::string& account, std::int64_t id) {
  auto it = massives_.find(id);
  if (it == massives_.end() || it->second.account != account) return nullptr;
  return &it->second;
}

std::optional<Massive> MassiveJobs::find(const std::string& account, std::int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = massives_.find(id);
  if (it == massives_.end() || it->second.account != account) return std::nullopt;
  return it->second;
}

std::vector<Massive> MassiveJobs::page(const std::string& account, std::size_t offset, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<Massive> page;
  std::size_t seen = 0;
  for (const auto& [id, massive] : massives_) {
    if (massive.account != account) continue;
    if (seen++ < offset) continue;
    if (page.size() >= limit) break;
    page.push_back(massive);
  }
  return page;
}

std::optional<Massive> MassiveJobs::pause(const std::string& account, std::int64_t id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto* massive = locate(account, id);
  if (!massive) return std::nullopt;
  massive->timeline.pause(now_ms);
  massive->updated_ms = now_ms;
  return *massive;
}

std::optional<Massive> MassiveJobs::resume(const std::string& account, std::int64_t id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto* massive = locate(account, id);
  if (!massive) return std::nullopt;
  massive->timeline.resume(now_ms);
  massive->updated_ms = now_ms;
  return *massive;
}

std::optional<Massive> MassiveJobs::set_rerun(const std::string& account, std::int64_t id, std::optional<std::int64_t> hours,
                                              std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto* massive = locate(account, id);
  if (!massive) return std::nullopt;
  massive->rerun_frequency = hours;
  massive->updated_ms = now_ms;
  return *massive;
}

std::optional<Massive> MassiveJobs::remove(const std::string& account, std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto* massive = locate(account, id);
  if (!massive) return std::nullopt;
  auto removed = *massive;
  massives_.erase(id);
  return removed;
}

std::vector<Massive> MassiveJobs::take_newly_ended(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::vector<Massive> ended;
  for (auto& [id, massive] : massives_)
    if (!massive.settling && massive.timeline.finished(now_ms)) {
      massive.settling = true;
      ended.push_back(massive);
    }
  return ended;
}

void MassiveJobs::record_results(std::int64_t id, std::vector<nlohmann::json> results, std::int64_t success) {
  std::lock_guard lock(mutex_);
  auto it = massives_.find(id);
  if (it == massives_.end()) return;
  it->second.results = std::move(results);
  it->second.success = success;
  it->second.settled = true;
}

void MassiveJobs::clear() {
  std::lock_guard lock(mutex_);
  massives_.clear();
  next_id_ = 1;
}

}  // namespace leadflow::voilanorbert_sim
