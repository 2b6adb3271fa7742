// The simulated Dropcontact's batches; see batch_book.hpp.
#include "batch_book.hpp"

namespace leadflow::dropcontact_sim {

void BatchBook::submit(const std::string& request_id, Batch batch) {
  std::lock_guard lock(mutex_);
  ledger_.charge(batch.account, "batch", request_id, batch.charged);
  order_.push_back(request_id);
  sizes_.push_back(batch.results.size());
  batches_[request_id] = std::move(batch);
}

std::optional<nlohmann::json> BatchBook::results(const std::string& account, const std::string& request_id,
                                                 std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const auto found = batches_.find(request_id);
  if (found == batches_.end() || found->second.account != account || now_ms < found->second.ready_ms) {
    ++polls_not_ready_;
    return std::nullopt;
  }
  settle_locked(found->second, request_id, now_ms);
  ++results_served_;
  return found->second.results;
}

void BatchBook::settle(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  for (auto& [request_id, batch] : batches_) settle_locked(batch, request_id, now_ms);
}

void BatchBook::settle_locked(Batch& batch, const std::string& request_id, std::int64_t now_ms) {
  if (batch.settled || now_ms < batch.ready_ms) return;
  batch.settled = true;
  if (batch.refund == 0) return;
  ledger_.charge(batch.account, "refund", request_id + "/refund", -batch.refund);
  refunded_ += batch.refund;
}

void BatchBook::count_refused(int status) {
  std::lock_guard lock(mutex_);
  ++refused_[std::to_string(status)];
}

nlohmann::json BatchBook::observed() const {
  std::lock_guard lock(mutex_);
  return {{"submits", order_.size()},
          {"batch_sizes", sizes_},
          {"request_ids", order_},
          {"polls_not_ready", polls_not_ready_},
          {"results_served", results_served_},
          {"refused", refused_},
          {"refunded", refunded_}};
}

void BatchBook::clear() {
  std::lock_guard lock(mutex_);
  batches_.clear();
  order_.clear();
  sizes_.clear();
  polls_not_ready_ = results_served_ = refunded_ = 0;
  refused_.clear();
}

}  // namespace leadflow::dropcontact_sim
