// The sandbox's drip campaigns; see campaigns.hpp.
#include "campaigns.hpp"

#include "snov_dates.hpp"
#include "stable_hash.hpp"

#include <algorithm>

namespace leadflow::snov_sim {
namespace {

constexpr std::int64_t minute = 60'000, hour = 60 * minute, day = 24 * hour;
constexpr std::size_t events_per_page = 10'000;

std::string percent(std::int64_t part, std::int64_t whole) {
  return std::to_string(whole == 0 ? 0 : (part * 100 + whole / 2) / whole) + "%";
}

}  // namespace

Campaigns::Campaigns(std::uint64_t seed, std::int64_t created_ms) : seed_(seed) {
  const auto created_s = created_ms / 1000 - 30 * 86'400;
  campaigns_.push_back({237945, "Sandbox outreach", 1818597, "Active", created_s, created_s + 60, hex_id("campaign:237945", seed, 32)});
  campaigns_.push_back({237956, "Test campaign", 7654321, "Draft", created_s, std::nullopt, hex_id("campaign:237956", seed, 32)});
}

const Campaign* Campaigns::find(std::int64_t id) const {
  const auto found = std::find_if(campaigns_.begin(), campaigns_.end(), [&](const Campaign& c) { return c.id == id; });
  return found == campaigns_.end() ? nullptr : &*found;
}

const Campaign* Campaigns::sending_to(std::int64_t list_id) const {
  const auto found = std::find_if(campaigns_.begin(), campaigns_.end(),
                                  [&](const Campaign& c) { return c.list_id == list_id && c.status == "Active"; });
  return found == campaigns_.end() ? nullptr : &*found;
}

void Campaigns::enroll(const Campaign& campaign, const RecipientPerson& person, std::int64_t now_ms) {
  for (const auto& recipient : recipients_)
    if (recipient.campaign_id == campaign.id && recipient.person.email == person.email) return;
  recipients_.push_back(Recipient{campaign.id, person, now_ms});
}

std::vector<Campaigns::Happening> Campaigns::events_of(const Recipient& recipient, std::int64_t now_ms) const {
  const auto h = stable_hash(recipient.person.email + "@" + std::to_string(recipient.campaign_id), seed_);
  const auto start = recipient.started_ms;
  const bool replies = h % 4 == 0;
  std::vector<Happening> planned{{Event::first_sent, start + minute}};
  if (h % 3 != 0) planned.push_back({Event::opened, start + hour});
  if (h % 5 == 0) planned.push_back({Event::clicked, start + 2 * hour});
  if (replies) {
    planned.push_back({Event::replied, start + day});
    planned.push_back({Event::finished, start + day});
  } else {
    planned.push_back({Event::follow_up_sent, start + 2 * day});
    planned.push_back({Event::finished, start + 3 * day});
  }
  const auto until = std::min(now_ms, recipient.stopped_ms.value_or(now_ms));
  std::vector<Happening> happened;
  for (const auto& event : planned)
    if (event.at_ms <= until) happened.push_back(event);
  return happened;
}

std::string Campaigns::status_of(const Recipient& recipient, std::int64_t now_ms) const {
  if (recipient.stopped_ms) return recipient.status;
  for (const auto& event : events_of(recipient, now_ms))
    if (event.event == Event::finished) return "Finished";
  return recipient.status;
}

nlohmann::json Campaigns::all() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : campaigns_)
    out.push_back({{"id", c.id},
                   {"campaign", c.name},
                   {"list_id", c.list_id},
                   {"status", c.status},
                   {"created_at", c.created_s},
                   {"updated_at", c.started_s.value_or(c.created_s)},
                   {"started_at", c.started_s ? nlohmann::json(*c.started_s) : nlohmann::json()},
                   {"hash", c.hash}});
  return out;
}

nlohmann::json Campaigns::change_status(const std::string& email, std::int64_t campaign_id, const std::string& status,
                                        std::int64_t now_ms) {
  if (status != "Active" && status != "Paused" && status != "Unsubscribed")
    return {{"success", false}, {"message", "status must be Active, Paused or Unsubscribed"}};
  for (auto& recipient : recipients_) {
    if (recipient.campaign_id != campaign_id || recipient.person.email != email) continue;
    const auto current = status_of(recipient, now_ms);
    if (current == "Finished" || current == "Moved")
      return {{"success", false}, {"message", "You can not change the status of a recipient whose status is " + current}};
    recipient.status = status;
    recipient.stopped_ms = status == "Active" ? std::nullopt : std::optional<std::int64_t>(now_ms);
    return {{"success", true}};
  }
  return {{"success", false}, {"message", "Recipient not found in this campaign"}};
}

std::optional<nlohmann::json> Campaigns::progress(std::int64_t campaign_id, std::int64_t now_ms) const {
  const auto* campaign = find(campaign_id);
  if (!campaign) return std::nullopt;
  std::int64_t total = 0, unfinished = 0;
  for (const auto& recipient : recipients_) {
    if (recipient.campaign_id != campaign_id) continue;
    ++total;
    if (status_of(recipient, now_ms) == "Active") ++unfinished;
  }
  return nlohmann::json{{"status", campaign->status}, {"unfinished", unfinished}, {"progress", percent(total - unfinished, total)}};
}

nlohmann::json Campaigns::analytics(const std::vector<std::int64_t>& campaign_ids, std::optional<std::int64_t> from_ms,
                                    std::optional<std::int64_t> to_ms, std::int64_t now_ms) const {
  std::int64_t contacted = 0, first = 0, follow_ups = 0, opened = 0, clicked = 0, replied = 0, unsubscribed = 0;
  for (const auto& recipient : recipients_) {
    const auto* campaign = find(recipient.campaign_id);
    const bool wanted = campaign_ids.empty() ? campaign->status == "Active"
                                             : std::find(campaign_ids.begin(), campaign_ids.end(), recipient.campaign_id) != campaign_ids.end();
    if (!wanted) continue;
    bool was_contacted = false;
    for (const auto& event : events_of(recipient, now_ms)) {
      if ((from_ms && event.at_ms < *from_ms) || (to_ms && event.at_ms >= *to_ms + day)) continue;
      switch (event.event) {
        case Event::first_sent: ++first, was_contacted = true; break;
        case Event::follow_up_sent: ++follow_ups, was_contacted = true; break;
        case Event::opened: ++opened; break;
        case Event::clicked: ++clicked; break;
        case Event::replied: ++replied; break;
        case Event::finished: break;
      }
    }
    if (recipient.status == "Unsubscribed") ++unsubscribed;
    if (was_contacted) ++contacted;
  }
  const auto sent = first + follow_ups;
  nlohmann::json out{{"total_contacted", contacted}, {"emails_sent", sent}, {"first_emails", first},
                     {"first_emails_rate", percent(first, sent)}, {"follow_ups", follow_ups}, {"follow_ups_rate", percent(follow_ups, sent)},
                     {"delivered", sent}, {"delivered_rate", percent(sent, sent)}, {"bounced", 0}, {"bounced_rate", "0%"},
                     {"contacted_by_email", contacted}, {"email_opens", opened}, {"email_opens_rate", percent(opened, contacted)},
                     {"link_clicks", clicked}, {"link_clicks_rate", percent(clicked, contacted)}, {"email_replies", replied},
                     {"email_replies_rate", percent(replied, contacted)}, {"unsubscribed", unsubscribed},
                     {"unsubscribed_rate", percent(unsubscribed, contacted)}, {"auto_replied", 0}, {"auto_replied_rate", "0%"}};
  // The sandbox campaigns send no LinkedIn steps.
  for (const char* field : {"contacted_by_linkedin", "linkedin_total_replies", "connection_request_replies", "message_replies",
                            "in_mail_replies", "connection_requests", "accepted_requests", "failed_connection_requests",
                            "messages_sent", "linkedin_views", "linkedin_likes", "linkedin_follows", "in_mail_sent"})
    out[field] = 0;
  for (const char* field : {"linkedin_total_replies_rate", "connection_request_replies_rate", "message_replies_rate",
                            "in_mail_replies_rate", "accepted_requests_rate"})
    out[field] = "0%";
  out["interested"] = replied;
  out["interested_rate"] = percent(replied, replied);
  out["maybe"] = 0;
  out["maybe_rate"] = "0%";
  out["not_interested"] = 0;
  out["not_interested_rate"] = "0%";
  return out;
}

nlohmann::json Campaigns::finished(std::int64_t campaign_id, std::int64_t now_ms) const {
  nlohmann::json out = nlohmann::json::array();
  const auto* campaign = find(campaign_id);
  if (!campaign) return out;
  for (const auto& recipient : recipients_)
    if (recipient.campaign_id == campaign_id && status_of(recipient, now_ms) == "Finished")
      out.push_back({{"id", hex_id("finished:" + recipient.person.email, seed_, 32)},
                     {"prospectId", recipient.person.prospect_id},
                     {"userName", recipient.person.first_name + " " + recipient.person.last_name},
                     {"userEmail", recipient.person.email},
                     {"campaign", campaign->name},
                     {"hash", hex_id("hash:" + recipient.person.email, seed_, 32)}});
  return out;
}

nlohmann::json Campaigns::event_entries(std::int64_t campaign_id, Event wanted, std::size_t offset, std::int64_t now_ms) const {
  struct Entry {
    std::int64_t at_ms;
    nlohmann::json json;
  };
  std::vector<Entry> entries;
  const auto* campaign = find(campaign_id);
  if (!campaign) return nlohmann::json::array();
  for (const auto& recipient : recipients_) {
    if (recipient.campaign_id != campaign_id) continue;
    const auto& p = recipient.person;
    for (const auto& event : events_of(recipient, now_ms)) {
      const bool sent = wanted == Event::first_sent && (event.event == Event::first_sent || event.event == Event::follow_up_sent);
      if (event.event != wanted && !sent) continue;
      const auto id = hex_id(p.email + std::to_string(int(event.event)), seed_, 32);
      if (wanted == Event::first_sent) {
        entries.push_back({event.at_ms,
                           {{"sentDate", date_object(event.at_ms)}, {"userName", p.first_name + " " + p.last_name}, {"userEmail", p.email},
                            {"campaign", campaign->name}, {"hash", hex_id("hash:" + p.email, seed_, 32)}, {"id", id}}});
        continue;
      }
      entries.push_back({event.at_ms,
                         {{"visitedAt", date_object(event.at_ms)}, {"campaignId", campaign_id}, {"campaign", campaign->name},
                          {"prospectId", p.prospect_id}, {"prospectFirstName", p.first_name}, {"prospectLastName", p.last_name},
                          {"prospectName", p.first_name + " " + p.last_name}, {"sourcePage", nullptr}, {"source", "api"},
                          {"locality", nullptr}, {"industry", nullptr}, {"country", nullptr}, {"prospectEmail", p.email},
                          {"hash", hex_id("hash:" + p.email, seed_, 32)}, {"emailSubject", "\"Quick question\""},
                          {"emailBody", wanted == Event::replied ? "\"<p>Sounds interesting, tell me more.</p>\"" : "\"<p>Hello!</p>\""},
                          {"skills", ""}, {"links", nullptr}, {"customFields", nullptr}, {"id", id}}});
    }
  }
  // "If the offset is not specified, you'll get the last 10,000": newest first.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.at_ms > b.at_ms; });
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = offset; i < entries.size() && i < offset + events_per_page; ++i) out.push_back(entries[i].json);
  return out;
}

nlohmann::json Campaigns::replies(std::int64_t id, std::size_t offset, std::int64_t now_ms) const { return event_entries(id, Event::replied, offset, now_ms); }
nlohmann::json Campaigns::opens(std::int64_t id, std::size_t offset, std::int64_t now_ms) const { return event_entries(id, Event::opened, offset, now_ms); }
nlohmann::json Campaigns::clicks(std::int64_t id, std::size_t offset, std::int64_t now_ms) const { return event_entries(id, Event::clicked, offset, now_ms); }
nlohmann::json Campaigns::sent(std::int64_t id, std::size_t offset, std::int64_t now_ms) const { return event_entries(id, Event::first_sent, offset, now_ms); }

nlohmann::json Campaigns::of_prospect(const std::string& prospect_id, std::int64_t now_ms) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& recipient : recipients_) {
    if (recipient.person.prospect_id != prospect_id) continue;
    std::int64_t sent = 0, opened = 0, replied = 0;
    for (const auto& event : events_of(recipient, now_ms)) {
      if (event.event == Event::first_sent || event.event == Event::follow_up_sent) ++sent;
      if (event.event == Event::opened) ++opened;
      if (event.event == Event::replied) ++replied;
    }
    out.push_back({{"id", recipient.campaign_id}, {"campaign", find(recipient.campaign_id)->name}, {"status", status_of(recipient, now_ms)},
                   {"sentCount", sent}, {"openCount", opened}, {"replyCount", replied}});
  }
  return out;
}

}  // namespace leadflow::snov_sim
