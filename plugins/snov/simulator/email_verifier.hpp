// Snov.io's v1 Email Verifier: get-emails-verification-status answers not_verified for an address
// nobody pushed with add-emails-to-verification (and charges nothing); once added, verification
// runs for a while, then answers complete with smtpStatus and the flags, mapped from the fake
// world's single truth (verdict_of). A greylisted mailbox answers smtpStatus greylisted for
// 20 virtual minutes, and "we don't charge for emails with greylisted status until we finish
// validating them".
#pragma once

#include <leadflow/sandbox/credit_ledger.hpp>
#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace leadflow::snov_sim {

inline constexpr std::int64_t greylist_ms = 20 * 60'000;

// THREAD: not thread-safe; the simulator serialises its routes.
class EmailVerifier {
 public:
  EmailVerifier(const sandbox::FakeWorld& world, sandbox::CreditLedger& ledger, std::uint64_t seed,
                std::optional<std::int64_t> job_ms)
      : world_(world), ledger_(ledger), seed_(seed), job_ms_(job_ms) {}

  // One entry of get-emails-verification-status: {"status": {...}, "data": {...} or []}.
  // Charges a greylisted address the first time its final answer is given.
  nlohmann::json status_of(const std::string& account, const std::string& email, std::int64_t now_ms);
  // add-emails-to-verification for one address: 1 credit, deferred while greylisted.
  void add(const std::string& account, const std::string& email, std::int64_t now_ms);
  void clear() { checks_.clear(); }

 private:
  struct Check {
    std::int64_t done_ms = 0;
    std::int64_t greylisted_until_ms = 0;  // 0: not greylisted
    std::string deferred_charge_key;       // set while a greylisted check is not charged yet
  };

  nlohmann::json result_json(const std::string& email, bool greylisted) const;

  const sandbox::FakeWorld& world_;
  sandbox::CreditLedger& ledger_;
  std::uint64_t seed_;
  std::optional<std::int64_t> job_ms_;
  std::int64_t added_ = 0;
  std::map<std::string, Check> checks_;  // account|email
};

}  // namespace leadflow::snov_sim
