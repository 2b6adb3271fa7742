// Completion callbacks (API v2.3+): once a job submitted with callback.url completes, Verifalia
// POSTs {"event": {"type": "email-validation.completed", "version", "data": {"id", "name"},
// "createdOn"}} with an Idempotency-Key header that stays the same across retries; only a 2xx
// answer counts as delivered. The sandbox is offline, so only loopback URLs are called.
#pragma once

#include "job_book.hpp"

#include <leadflow/sandbox/scaled_clock.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace leadflow::verifalia_sim {

// THREAD: a background thread delivers; report() and clear() from any thread.
class CompletionCallbacks {
 public:
  CompletionCallbacks(const JobBook& jobs, const sandbox::ScaledClock& clock);
  ~CompletionCallbacks();  // stops the delivering thread
  CompletionCallbacks(const CompletionCallbacks&) = delete;
  CompletionCallbacks& operator=(const CompletionCallbacks&) = delete;

  // [{"job_id", "url", "attempts", "delivered", "last_status"}] for every job with a callback.
  nlohmann::json report() const;
  void clear();

 private:
  struct Delivery {
    std::string url;
    int attempts = 0;
    bool delivered = false;
    int last_status = 0;
    std::int64_t next_attempt_ms = 0;
  };
  void deliver_due(std::int64_t now_ms);
  int post(const Job& job, std::int64_t now_ms) const;

  const JobBook& jobs_;
  const sandbox::ScaledClock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, Delivery> deliveries_;
  std::jthread thread_;
};

}  // namespace leadflow::verifalia_sim
