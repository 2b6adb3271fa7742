// The Contact Details jobs of every account: submission under InsideView's two rules (at most two
// jobs running per account; a job that would exceed the remaining transaction quota is refused),
// the lifecycle accepted -> processing -> finished in virtual time, and the transactions debited
// when processing starts (one per id).
#pragma once

#include <leadflow/sandbox/credit_ledger.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leadflow::insideview_sim {

enum class JobStatus { accepted, processing, finished, failed };

struct Job {
  std::string id;
  std::string account;
  std::vector<std::string> ids;  // distinct contact ids, in submission order
  std::string webhook;
  std::int64_t created_ms = 0;     // virtual time
  std::int64_t processing_ms = 0;  // processing starts (transactions are debited)
  std::int64_t finished_ms = 0;
  bool fails = false;  // ends `failed` instead of `finished` (see fail_next_job)

  JobStatus status_at(std::int64_t now_ms) const;
  bool running_at(std::int64_t now_ms) const { return now_ms < finished_ms; }
};

std::string_view to_string(JobStatus status);
// The admin jobs list's numeric codes: 0 Failed, 1 Accepted, 2 Processing, 3 Finished, 4 Aborted.
int status_code(JobStatus status);

// Why a submission was refused: both are HTTP 400 with InsideView's message.
struct Refusal {
  enum class Reason { jobs_running, quota } reason;
  std::string message;
};

// THREAD: safe from any thread.
class JobBoard {
 public:
  // `fixed_job_ms` (the simulator's --job-ms) replaces the model of how long jobs take.
  JobBoard(std::uint64_t seed, std::optional<std::int64_t> fixed_job_ms) : seed_(seed), fixed_job_ms_(fixed_job_ms) {}

  // A new job, or why not. `credits_left` is the account's quota before this job's reservation.
  std::variant<Job, Refusal> submit(const std::string& account, std::vector<std::string> ids, std::string webhook,
                                    std::int64_t now_ms, std::int64_t credits_left);
  std::optional<Job> find(const std::string& account, const std::string& job_id) const;
  std::vector<Job> jobs_of(const std::string& account) const;
  // Debits one transaction per id of every job whose processing has started by `now_ms`.
  void debit_started(sandbox::CreditLedger& ledger, std::int64_t now_ms) const;
  // The next job submitted will end `failed` after processing (a control route sets this, so
  // tests can see a client handle InsideView's failed state).
  void fail_next_job();
  // Ids of accepted jobs, not yet debited: the quota they hold.
  std::int64_t reserved(const std::string& account, std::int64_t now_ms) const;

  // {"jobs_submitted", "ids_submitted", "max_jobs_running", "refused_jobs_running", "refused_quota"}
  nlohmann::json stats() const;
  void clear();

 private:
  std::int64_t queue_ms(std::size_t ids) const;
  std::int64_t processing_duration_ms(std::size_t ids) const;
  std::string next_job_id();

  std::uint64_t seed_;
  std::optional<std::int64_t> fixed_job_ms_;
  mutable std::mutex mutex_;
  std::uint64_t counter_ = 0;
  std::map<std::string, Job> jobs_;  // by job id
  std::vector<std::string> order_;   // job ids in submission order
  std::int64_t ids_submitted_ = 0;
  int max_running_ = 0;
  int refused_running_ = 0;
  int refused_quota_ = 0;
  bool fail_next_ = false;
};

}  // namespace leadflow::insideview_sim
