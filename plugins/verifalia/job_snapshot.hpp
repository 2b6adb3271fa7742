// Verifalia's email-validation job as the API returns it: the snapshot {overview, entries?} of
// POST and GET /email-validations[/{id}], the paginated entries pages, and how long the SDKs
// wait before the next poll.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace leadflow::verifalia {

struct EntriesPage {
  nlohmann::json data = nlohmann::json::array();
  bool truncated = false;  // meta.isTruncated: absent means false
  std::string cursor;      // meta.cursor, for the next page
};

struct JobSnapshot {
  std::string id;
  std::string status;  // InProgress, Completed, Deleted, Expired (the docs omit the list)
  std::int64_t entry_count = 0;                // overview.noOfEntries
  std::optional<std::chrono::milliseconds> eta;  // overview.progress.estimatedTimeRemaining
  std::optional<EntriesPage> entries;          // present once completed
  nlohmann::json overview;

  bool completed() const { return status == "Completed"; }
};

// The snapshot in a 200/202 body; nullopt when it is not one.
std::optional<JobSnapshot> parse_snapshot(const nlohmann::json& body);
// An entries page {meta?, data}; nullopt when it is not one.
std::optional<EntriesPage> parse_entries_page(const nlohmann::json& body);

// Verifalia's [d.]hh:mm:ss[.fffffff] duration; nullopt when it is not one.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

// The SDKs' delay before the next poll (VF-JS WaitOptions.waitForNextPoll): the estimated time
// remaining when Verifalia gives one, else 2^(log10(noOfEntries) - 1) seconds, clamped to
// [0.5 s, 30 s] either way.
std::chrono::milliseconds poll_delay(const JobSnapshot& snapshot);

}  // namespace leadflow::verifalia
