// What a simulated provider has charged, so tests and benchmarks can check the host never pays
// twice: one entry per charge, keyed by what was paid for (a contact id, a job id...).
#pragma once

#include <leadflow/sandbox/scaled_clock.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace leadflow::sandbox {

struct LedgerEntry {
  std::string account;
  std::string operation;
  std::string key;
  std::int64_t credits = 0;
  std::int64_t at_ms = 0;  // virtual time
};

// THREAD: safe from any thread.
class CreditLedger {
 public:
  explicit CreditLedger(const ScaledClock& clock) : clock_(clock) {}

  void charge(const std::string& account, const std::string& operation, const std::string& key, std::int64_t credits);
  // Charges only when nothing was charged yet for (account, key); true when it charged.
  bool charge_once(const std::string& account, const std::string& operation, const std::string& key, std::int64_t credits);
  bool charged(const std::string& account, const std::string& key) const;
  std::int64_t total() const;
  std::int64_t total_for(const std::string& account) const;
  std::vector<LedgerEntry> entries() const;
  // {"total": N, "entries": [{"account","operation","key","credits","at_ms"}]}
  nlohmann::json to_json() const;
  void reset();

 private:
  const ScaledClock& clock_;
  mutable std::mutex mutex_;
  std::vector<LedgerEntry> entries_;
};

}  // namespace leadflow::sandbox
