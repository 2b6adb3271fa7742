// Bulk searches (POST /massives/): the submitted lines, the list their contacts go to, a pausable
// timeline (QUEUED for a second, then PROCESSING, PAUSED or ENDED), rerun settings, and whether
// the finished search was settled (contacts created, credits charged, webhook scheduled).
#pragma once

#include "job_timeline.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::voilanorbert_sim {

inline constexpr std::int64_t massive_queue_ms = 1000;

struct MassiveLine {
  std::string name;
  std::string company;  // a domain or a company name
};

struct Massive {
  std::int64_t id = 0;
  std::string account;
  std::string filename;
  std::vector<MassiveLine> lines;
  std::string webhook;
  std::string result_file_url;  // named in the webhook
  std::optional<std::int64_t> rerun_frequency;
  std::int64_t retention_hours = 0;
  std::int64_t list_id = 0;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  JobTimeline timeline;  // starts massive_queue_ms after creation
  bool settling = false;  // handed over to be settled
  bool settled = false;   // contacts created, credits charged, results known
  std::int64_t success = 0;  // lines whose email was found (known once settled)
  std::vector<nlohmann::json> results;  // per line once settled: {name, company, email, score}

  // ENDED only once settled, so an ENDED bulk search always shows its results.
  std::string status(std::int64_t now_ms) const {
    if (settled) return "ENDED";
    if (timeline.finished(now_ms)) return "PROCESSING";
    if (timeline.paused()) return "PAUSED";
    return now_ms < timeline.started_ms ? "QUEUED" : "PROCESSING";
  }
};

// THREAD: safe from any thread.
class MassiveJobs {
 public:
  Massive create(Massive massive);
  std::optional<Massive> find(const std::string& account, std::int64_t id) const;
  // Oldest first, from `offset`, at most `limit`.
  std::vector<Massive> page(const std::string& account, std::size_t offset, std::size_t limit) const;
  std::optional<Massive> pause(const std::string& account, std::int64_t id, std::int64_t now_ms);
  std::optional<Massive> resume(const std::string& account, std::int64_t id, std::int64_t now_ms);
  std::optional<Massive> set_rerun(const std::string& account, std::int64_t id, std::optional<std::int64_t> hours, std::int64_t now_ms);
  std::optional<Massive> remove(const std::string& account, std::int64_t id);
  // Ended and not handed over yet: marks them settling and hands them over.
  std::vector<Massive> take_newly_ended(std::int64_t now_ms);
  void record_results(std::int64_t id, std::vector<nlohmann::json> results, std::int64_t success);
  void clear();

 private:
  Massive* locate(const std::string& account, std::int64_t id);

  mutable std::mutex mutex_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, Massive> massives_;
};

}  // namespace leadflow::voilanorbert_sim
