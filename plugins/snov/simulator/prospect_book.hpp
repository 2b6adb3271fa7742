// The sandbox account's prospect lists and prospects (Snov.io's "lists" methods): a few lists
// to start with (one feeds the Active "Sandbox outreach" campaign), add-prospect-to-list with
// custom fields, social links and updateContact, lookups by id and by email, list pages newest
// first, the user's custom fields, and do-not-email lists that keep an address out of campaigns.
#pragma once

#include "campaigns.hpp"
#include "request_params.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leadflow::snov_sim {

// THREAD: not thread-safe; the simulator serialises its routes.
class ProspectBook {
 public:
  ProspectBook(std::uint64_t seed, std::int64_t created_ms, Campaigns& campaigns);

  nlohmann::json user_lists() const;
  nlohmann::json create_list(const std::string& name, std::int64_t now_ms);
  nlohmann::json add_prospect(const RequestParams& params, std::int64_t now_ms);
  nlohmann::json prospect_by_id(const std::string& id, std::int64_t now_ms) const;
  nlohmann::json prospects_by_email(const std::string& email, std::int64_t now_ms) const;
  nlohmann::json list_prospects(std::int64_t list_id, std::int64_t page, std::int64_t per_page) const;
  nlohmann::json custom_fields() const;
  nlohmann::json do_not_email(std::int64_t list_id, const std::vector<std::string>& items);
  // Recipients this month: every distinct address added to a campaign.
  std::size_t unique_recipients() const { return campaigns_.recipients(); }
  void clear();

 private:
  struct ProspectList {
    std::int64_t id = 0;
    std::string name;
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> deleted_ms;
    std::vector<std::string> prospect_ids;  // in the order they were added
  };
  struct Prospect {
    std::string id;
    std::string email;
    nlohmann::json fields = nlohmann::json::object();  // firstName, lastName, position, ... as stored
    std::vector<std::int64_t> lists;
  };

  ProspectList* list_by_id(std::int64_t id);
  const ProspectList* list_by_id(std::int64_t id) const;
  bool suppressed(const std::string& email) const;
  nlohmann::json prospect_json(const Prospect& prospect, std::int64_t now_ms) const;
  void seed_lists();

  std::uint64_t seed_;
  std::int64_t created_ms_;
  Campaigns& campaigns_;
  std::int64_t next_list_id_ = 1900001;
  std::vector<ProspectList> lists_;
  std::map<std::string, Prospect> prospects_;             // by id
  std::map<std::int64_t, std::set<std::string>> do_not_email_;  // list id -> emails and domains
};

}  // namespace leadflow::snov_sim
