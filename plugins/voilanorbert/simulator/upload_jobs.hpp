// The verification and enrichment jobs of POST /verifier/upload and POST /enrich/upload: a token,
// the uploaded emails, a pausable timeline, and whether the webhook was scheduled.
#pragma once

#include "job_timeline.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::voilanorbert_sim {

enum class UploadKind { verify, enrich };

struct UploadJob {
  std::int64_t id = 0;
  std::string token;
  UploadKind kind = UploadKind::verify;
  std::string account;
  std::vector<std::string> entries;  // the emails, in upload order
  std::string filename;
  std::string webhook;
  std::int64_t created_ms = 0;
  JobTimeline timeline;
  bool webhook_scheduled = false;

  // PROCESSING, PAUSED or ENDED.
  std::string status(std::int64_t now_ms) const {
    if (timeline.finished(now_ms)) return "ENDED";
    return timeline.paused() ? "PAUSED" : "PROCESSING";
  }
};

// THREAD: safe from any thread.
class UploadJobs {
 public:
  UploadJob create(UploadJob job);
  // The job of this kind with this token for this account; nullopt otherwise (the docs' 404).
  std::optional<UploadJob> find(const std::string& account, UploadKind kind, const std::string& token) const;
  std::optional<UploadJob> pause(const std::string& account, UploadKind kind, const std::string& token, std::int64_t now_ms);
  std::optional<UploadJob> resume(const std::string& account, UploadKind kind, const std::string& token, std::int64_t now_ms);
  // Jobs that have ended by `now_ms` and whose webhook is not scheduled yet; marks them scheduled.
  std::vector<UploadJob> take_newly_ended(std::int64_t now_ms);
  void clear();

 private:
  UploadJob* locate(const std::string& account, UploadKind kind, const std::string& token);

  mutable std::mutex mutex_;
  std::int64_t next_id_ = 873;
  std::map<std::string, UploadJob> jobs_;  // by token
};

}  // namespace leadflow::voilanorbert_sim
