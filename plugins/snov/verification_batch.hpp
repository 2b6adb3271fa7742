// The state of one verify_email batch (up to 10 addresses, the most add-emails-to-verification
// takes per call): what Snov answered for each address, which still need pushing, which are
// being verified or greylisted and when to ask again, and the batch's DONE payload.
#pragma once

#include "api_call.hpp"
#include "settings.hpp"

#include <leadflow/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::snov {

inline constexpr std::size_t max_verification_batch = 10;

class VerificationBatch {
 public:
  // nullopt when the input is not {"items": [...]} with 1 to 10 items.
  static std::optional<VerificationBatch> from_input(const nlohmann::json& input, const Settings& settings);

  // Resuming: these addresses were pushed (and paid) before the interruption.
  void resume_added(const nlohmann::json& checkpoint, std::int64_t now_ms);
  std::vector<std::string> all_addresses() const;
  // Reads one get-emails-verification-status answer.
  void apply(const nlohmann::json& body, std::int64_t now_ms);
  // Addresses Snov has never verified (not_verified) and that were not pushed yet.
  std::vector<std::string> to_push() const;
  void mark_pushed(const std::vector<std::string>& addresses, std::int64_t now_ms);
  nlohmann::json checkpoint() const;
  // Gives up on addresses past their wait (verifier_max_wait_ms, greylist_max_wait_ms).
  void expire(std::int64_t now_ms);
  bool settled() const;
  // The next time an unsettled address is due, and those due at `now_ms`.
  std::int64_t next_check_ms() const;
  std::vector<std::string> due(std::int64_t now_ms) const;

  sdk::Outcome outcome() const;

 private:
  enum class State { unknown, to_push, verifying, greylisted, final, failed };
  struct Entry {
    std::string address;
    State state = State::unknown;
    bool pushed = false;
    nlohmann::json data;  // the last `data` object Snov gave
    nlohmann::json raw;   // the last entry Snov gave for it
    std::int64_t next_check_ms = 0;
    std::int64_t interval_ms = 0;
    std::int64_t waiting_since_ms = 0;
    std::int64_t greylisted_since_ms = 0;
    std::string error;
  };
  struct Item {
    std::optional<std::size_t> entry;  // nullopt: the item has no address
  };

  Entry* entry_for(const std::string& address);
  void read_entry(Entry& entry, const nlohmann::json& answer, std::int64_t now_ms);

  const Settings* settings_ = nullptr;
  std::vector<Item> items_;
  std::vector<Entry> entries_;  // one per distinct address
};

// The get-emails-verification-status call for `addresses`: emails[0]=...&emails[1]=... in the
// query string, as the docs' PHP sample builds it (http_build_query). Free; counts against the
// hourly verifier cap per address.
ApiCall status_call(const Settings& settings, const std::vector<std::string>& addresses);
// add-emails-to-verification: 1 credit per address, never resent.
ApiCall push_call(const Settings& settings, const std::vector<std::string>& addresses);

}  // namespace leadflow::snov
