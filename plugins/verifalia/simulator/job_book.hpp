// The email-validation jobs of the simulated Verifalia account. A job takes virtual time to
// complete (about 10 ms an address, 20 s more when a greylisted mailbox is among them, or
// exactly --job-ms), is kept for its retention period after completion (then Expired, 410), and
// can be deleted once completed (406 before, 410 after).
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::verifalia_sim {

struct JobRequest {
  std::vector<std::string> inputs;
  std::vector<std::optional<std::string>> customs;
  std::string owner;
  std::string name;
  std::string quality = "Standard";
  std::string deduplication = "Off";
  std::optional<int> priority;
  std::string retention;  // as given; empty: 30 days
  std::int64_t retention_s = 30LL * 24 * 3600;
  std::string callback_url;
  std::string callback_version = "1.0";
  std::string host;  // which API host received it, for the observed summary
};

struct Job {
  std::string id;
  JobRequest request;
  std::int64_t created_ms = 0;
  std::int64_t completes_ms = 0;
  bool deleted = false;
  nlohmann::json entries = nlohmann::json::array();  // completed entries, without completedOn

  bool completed_at(std::int64_t now_ms) const { return now_ms >= completes_ms; }
  bool expired_at(std::int64_t now_ms) const { return now_ms >= completes_ms + request.retention_s * 1000; }
  // "Deleted", "Expired", "Completed" or "InProgress".
  std::string status_at(std::int64_t now_ms) const;
  // The overview object the API reference documents.
  nlohmann::json overview_at(std::int64_t now_ms) const;
  // Entry `i` as returned once the job is completed (completedOn, custom).
  nlohmann::json entry_at(std::size_t i) const;
};

// THREAD: safe from any thread.
class JobBook {
 public:
  JobBook(const sandbox::FakeWorld& world, std::uint64_t seed, std::optional<std::int64_t> fixed_job_ms)
      : world_(world), seed_(seed), fixed_job_ms_(fixed_job_ms) {}

  Job submit(JobRequest request, std::int64_t now_ms);
  std::optional<Job> find(const std::string& id) const;
  // 200: deleted; 404 unknown; 406 still in progress; 410 already deleted or expired.
  int remove(const std::string& id, std::int64_t now_ms);
  std::vector<Job> all() const;
  // The jobs submitted with a callback URL (without copying the others).
  std::vector<Job> with_callbacks() const;
  void clear();

 private:
  std::int64_t duration_ms(const JobRequest& request) const;

  const sandbox::FakeWorld& world_;
  std::uint64_t seed_;
  std::optional<std::int64_t> fixed_job_ms_;
  mutable std::mutex mutex_;
  std::uint64_t next_serial_ = 1;
  std::map<std::string, Job> jobs_;
  std::vector<std::string> order_;
};

// Virtual epoch ms as ISO 8601 ("2023-01-21T08:52:21.530Z").
std::string iso_timestamp(std::int64_t unix_ms);
// Verifalia's duration format, [d.]hh:mm:ss.
std::string duration_text(std::int64_t ms);

}  // namespace leadflow::verifalia_sim
