// The batches submitted to the simulated Dropcontact, and what the simulator saw of them (for
// tests and the sandbox summary). Dropcontact's charging rule: every record is paid at submit;
// a record that came without an email and got none back is refunded when its batch is done.
#pragma once

#include <leadflow/sandbox/credit_ledger.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::dropcontact_sim {

struct Batch {
  std::string account;
  std::int64_t submitted_ms = 0;  // virtual time
  std::int64_t ready_ms = 0;      // virtual time when the results are ready
  nlohmann::json results;         // the "data" array of the finished batch
  std::int64_t charged = 0;       // credits taken at submit (one per record)
  std::int64_t refund = 0;        // credits given back when the batch is done
  bool settled = false;           // the refund was made
};

// THREAD: safe from any thread.
class BatchBook {
 public:
  explicit BatchBook(sandbox::CreditLedger& ledger) : ledger_(ledger) {}

  // Records a batch under `request_id` and charges its records in the ledger.
  void submit(const std::string& request_id, Batch batch);
  // The batch's results once it is ready (refunding it the first time), nullopt while it is not
  // ready or when the id is unknown (Dropcontact answers both the same way).
  std::optional<nlohmann::json> results(const std::string& account, const std::string& request_id, std::int64_t now_ms);
  // Makes the refunds of every batch done by `now_ms`, whether or not anyone polled it.
  void settle(std::int64_t now_ms);
  // Counts a submit refused with `status` (400, 401, 403, 429).
  void count_refused(int status);

  // {"submits": N, "batch_sizes": [...], "request_ids": [...], "polls_not_ready": N,
  //  "results_served": N, "refused": {"403": N, ...}, "refunded": N}
  nlohmann::json observed() const;
  void clear();

 private:
  void settle_locked(Batch& batch, const std::string& request_id, std::int64_t now_ms);

  sandbox::CreditLedger& ledger_;
  mutable std::mutex mutex_;
  std::map<std::string, Batch> batches_;
  std::vector<std::string> order_;  // request ids in submit order
  std::vector<std::size_t> sizes_;
  std::int64_t polls_not_ready_ = 0;
  std::int64_t results_served_ = 0;
  std::int64_t refunded_ = 0;
  std::map<std::string, std::int64_t> refused_;
};

}  // namespace leadflow::dropcontact_sim
