// The simulated provider's record of charges; see credit_ledger.hpp.
#include <leadflow/sandbox/credit_ledger.hpp>

namespace leadflow::sandbox {

void CreditLedger::charge(const std::string& account, const std::string& operation, const std::string& key, std::int64_t credits) {
  std::lock_guard lock(mutex_);
  entries_.push_back(LedgerEntry{account, operation, key, credits, clock_.virtual_now_ms()});
}

bool CreditLedger::charge_once(const std::string& account, const std::string& operation, const std::string& key,
                               std::int64_t credits) {
  std::lock_guard lock(mutex_);
  for (const auto& entry : entries_)
    if (entry.account == account && entry.key == key) return false;
  entries_.push_back(LedgerEntry{account, operation, key, credits, clock_.virtual_now_ms()});
  return true;
}

bool CreditLedger::charged(const std::string& account, const std::string& key) const {
  std::lock_guard lock(mutex_);
  for (const auto& entry : entries_)
    if (entry.account == account && entry.key == key) return true;
  return false;
}

std::int64_t CreditLedger::total() const {
  std::lock_guard lock(mutex_);
  std::int64_t sum = 0;
  for (const auto& entry : entries_) sum += entry.credits;
  return sum;
}

std::int64_t CreditLedger::total_for(const std::string& account) const {
  std::lock_guard lock(mutex_);
  std::int64_t sum = 0;
  for (const auto& entry : entries_)
    if (entry.account == account) sum += entry.credits;
  return sum;
}

std::vector<LedgerEntry> CreditLedger::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

nlohmann::json CreditLedger::to_json() const {
  std::lock_guard lock(mutex_);
  nlohmann::json entries = nlohmann::json::array();
  std::int64_t total = 0;
  for (const auto& entry : entries_) {
    total += entry.credits;
    entries.push_back({{"account", entry.account},
                       {"operation", entry.operation},
                       {"key", entry.key},
                       {"credits", entry.credits},
                       {"at_ms", entry.at_ms}});
  }
  return {{"total", total}, {"entries", std::move(entries)}};
}

void CreditLedger::reset() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace leadflow::sandbox
