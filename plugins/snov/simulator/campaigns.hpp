// Snov.io's drip campaigns in the sandbox: a few campaigns, each sending to the prospects of one
// list. "After a prospect is automatically added to a chosen list, an email drip campaign will be
// started for them automatically": a prospect added to the list of an Active campaign becomes a
// recipient, and the campaign then plays out in virtual time, the same way for the same address:
//   +1 min first email, +1 h opened (2 in 3), +2 h link clicked (1 in 5), +1 day replied (1 in 4,
//   ends the sequence), +2 days follow-up, +3 days finished.
// Pausing or unsubscribing a recipient stops the events that would come after it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::snov_sim {

struct Campaign {
  std::int64_t id = 0;
  std::string name;
  std::int64_t list_id = 0;
  std::string status;  // Active, Paused, Draft, Completed
  std::int64_t created_s = 0;
  std::optional<std::int64_t> started_s;
  std::string hash;
};

struct RecipientPerson {
  std::string prospect_id;
  std::string email;
  std::string first_name;
  std::string last_name;
};

// THREAD: not thread-safe; the simulator serialises its routes.
class Campaigns {
 public:
  Campaigns(std::uint64_t seed, std::int64_t created_ms);

  const Campaign* find(std::int64_t id) const;
  // The Active campaign sending to this list, if any.
  const Campaign* sending_to(std::int64_t list_id) const;
  void enroll(const Campaign& campaign, const RecipientPerson& person, std::int64_t now_ms);

  nlohmann::json all() const;                                                      // get-user-campaigns
  nlohmann::json change_status(const std::string& email, std::int64_t campaign_id, const std::string& status, std::int64_t now_ms);
  std::optional<nlohmann::json> progress(std::int64_t campaign_id, std::int64_t now_ms) const;
  nlohmann::json analytics(const std::vector<std::int64_t>& campaign_ids, std::optional<std::int64_t> from_ms,
                           std::optional<std::int64_t> to_ms, std::int64_t now_ms) const;
  // The per-campaign event lists; `offset` skips that many of the newest (up to 10,000 each).
  nlohmann::json finished(std::int64_t campaign_id, std::int64_t now_ms) const;
  nlohmann::json replies(std::int64_t campaign_id, std::size_t offset, std::int64_t now_ms) const;
  nlohmann::json opens(std::int64_t campaign_id, std::size_t offset, std::int64_t now_ms) const;
  nlohmann::json clicks(std::int64_t campaign_id, std::size_t offset, std::int64_t now_ms) const;
  nlohmann::json sent(std::int64_t campaign_id, std::size_t offset, std::int64_t now_ms) const;
  // The short campaign statistics of get-prospect-by-id for one prospect.
  nlohmann::json of_prospect(const std::string& prospect_id, std::int64_t now_ms) const;
  std::size_t recipients() const { return recipients_.size(); }
  void clear() { recipients_.clear(); }

 private:
  enum class Event { first_sent, opened, clicked, replied, follow_up_sent, finished };
  struct Recipient {
    std::int64_t campaign_id = 0;
    RecipientPerson person;
    std::int64_t started_ms = 0;
    std::string status = "Active";  // as last set: Active, Paused, Unsubscribed
    std::optional<std::int64_t> stopped_ms;
  };
  struct Happening {
    Event event;
    std::int64_t at_ms;
  };

  std::vector<Happening> events_of(const Recipient& recipient, std::int64_t now_ms) const;
  std::string status_of(const Recipient& recipient, std::int64_t now_ms) const;
  nlohmann::json event_entries(std::int64_t campaign_id, Event event, std::size_t offset, std::int64_t now_ms) const;

  std::uint64_t seed_;
  std::vector<Campaign> campaigns_;
  std::vector<Recipient> recipients_;
};

}  // namespace leadflow::snov_sim
