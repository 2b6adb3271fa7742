// The probe simulator's observations; see observations.hpp.
#include "observations.hpp"

#include <algorithm>

namespace leadflow::probe_sim {

std::int64_t Observations::request(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  times_ms_[key].push_back(now_ms);
  return ++requests_[key];
}

void Observations::batch(std::size_t items) {
  std::lock_guard lock(mutex_);
  batch_sizes_.push_back(items);
}

void Observations::job_submitted() {
  std::lock_guard lock(mutex_);
  ++job_submits_;
  max_concurrent_jobs_ = std::max(max_concurrent_jobs_, ++jobs_in_flight_);
}

void Observations::job_finished() {
  std::lock_guard lock(mutex_);
  --jobs_in_flight_;
}

void Observations::found_answer() {
  std::lock_guard lock(mutex_);
  ++charged_;
}

nlohmann::json Observations::to_json() const {
  std::lock_guard lock(mutex_);
  const auto largest = std::max_element(batch_sizes_.begin(), batch_sizes_.end());
  return {{"requests", requests_},
          {"times_ms", times_ms_},
          {"max_batch_items", largest == batch_sizes_.end() ? 0 : *largest},
          {"batch_sizes", batch_sizes_},
          {"job_submits", job_submits_},
          {"jobs_in_flight", jobs_in_flight_},
          {"max_concurrent_jobs", max_concurrent_jobs_},
          {"charged", charged_}};
}

void Observations::reset() {
  std::lock_guard lock(mutex_);
  requests_.clear();
  times_ms_.clear();
  batch_sizes_.clear();
  job_submits_ = jobs_in_flight_ = max_concurrent_jobs_ = charged_ = 0;
}

}  // namespace leadflow::probe_sim
