// Jobs, their timing and their documented JSON; see job_book.hpp.
#include "job_book.hpp"

#include "entry_json.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <set>

namespace leadflow::verifalia_sim {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

std::string job_id_for(std::uint64_t serial, std::uint64_t seed) {
  std::uint64_t hash = 1469598103934665603ull ^ seed;
  for (int i = 0; i < 8; ++i) hash = (hash ^ ((serial >> (8 * i)) & 0xFF)) * 1099511628211ull;
  char id[40];
  std::snprintf(id, sizeof id, "%08x-%04x-4%03x-a%03x-%012llx", unsigned(hash >> 32), unsigned(hash >> 16) & 0xFFFF,
                unsigned(hash >> 4) & 0xFFF, unsigned(serial) & 0xFFF, static_cast<unsigned long long>(serial));
  return id;
}

}  // namespace

std::string iso_timestamp(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, int(unix_ms % 1000));
  return text;
}

std::string duration_text(std::int64_t ms) {
  const std::int64_t total_s = std::max<std::int64_t>(0, (ms + 999) / 1000);
  char text[40];
  const auto days = total_s / 86400;
  if (days > 0)
    std::snprintf(text, sizeof text, "%lld.%02lld:%02lld:%02lld", static_cast<long long>(days), static_cast<long long>(total_s / 3600 % 24),
                  static_cast<long long>(total_s / 60 % 60), static_cast<long long>(total_s % 60));
  else
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", static_cast<long long>(total_s / 3600), static_cast<long long>(total_s / 60 % 60),
                  static_cast<long long>(total_s % 60));
  return text;
}

std::string Job::status_at(std::int64_t now_ms) const {
  if (deleted) return "Deleted";
  if (!completed_at(now_ms)) return "InProgress";
  return expired_at(now_ms) ? "Expired" : "Completed";
}

nlohmann::json Job::overview_at(std::int64_t now_ms) const {
  nlohmann::json overview{{"id", id},
                          {"status", status_at(now_ms)},
                          {"owner", "8c3e3a6e-5f1b-4c1e-9d39-" + std::string("000000000001")},
                          {"clientIP", "127.0.0.1"},
                          {"quality", request.quality},
                          {"deduplication", request.deduplication},
                          {"noOfEntries", request.inputs.size()},
                          {"createdOn", iso_timestamp(created_ms)},
                          {"submittedOn", iso_timestamp(created_ms)},
                          {"retention", request.retention.empty() ? "30.00:00:00" : request.retention}};
  if (!request.name.empty()) overview["name"] = request.name;
  if (request.priority) overview["priority"] = *request.priority;
  if (completed_at(now_ms)) {
    overview["completedOn"] = iso_timestamp(completes_ms);
  } else {
    const double total = double(std::max<std::int64_t>(1, completes_ms - created_ms));
    overview["progress"] = {{"percentage", std::clamp(double(now_ms - created_ms) / total, 0.0, 1.0)},
                            {"estimatedTimeRemaining", duration_text(completes_ms - now_ms)}};
  }
  return overview;
}

nlohmann::json Job::entry_at(std::size_t i) const {
  auto entry = entries.at(i);
  entry["completedOn"] = iso_timestamp(completes_ms);
  if (request.customs.at(i)) entry["custom"] = *request.customs.at(i);
  return entry;
}

std::int64_t JobBook::duration_ms(const JobRequest& request) const {
  if (fixed_job_ms_) return *fixed_job_ms_;
  bool greylisted = false;
  for (const auto& input : request.inputs) greylisted = greylisted || world_.verdict_of(input).greylisted;
  return 800 + 10 * std::int64_t(request.inputs.size()) + (greylisted ? 20'000 : 0);
}

Job JobBook::submit(JobRequest request, std::int64_t now_ms) {
  Job job;
  job.created_ms = now_ms;
  job.completes_ms = now_ms + duration_ms(request);
  // Deduplication (Safe, Relaxed): a later occurrence of an address is a Duplicate of the first.
  std::map<std::string, std::size_t> first_seen;
  for (std::size_t i = 0; i < request.inputs.size(); ++i) {
    const auto key = lowercase(request.inputs[i]);
    auto entry = entry_json(world_, i, request.inputs[i]);
    if (request.deduplication != "Off") {
      if (auto seen = first_seen.find(key); seen != first_seen.end()) {
        entry = {{"index", i}, {"inputData", request.inputs[i]}, {"status", "Duplicate"}, {"classification", "Unknown"},
                 {"duplicateOf", seen->second}};
      } else {
        first_seen.emplace(key, i);
      }
    }
    job.entries.push_back(std::move(entry));
  }
  job.request = std::move(request);
  std::lock_guard lock(mutex_);
  job.id = job_id_for(next_serial_++, seed_);
  jobs_.emplace(job.id, job);
  order_.push_back(job.id);
  return job;
}

std::optional<Job> JobBook::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

int JobBook::remove(const std::string& id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return 404;
  auto& job = it->second;
  if (job.deleted || (job.completed_at(now_ms) && job.expired_at(now_ms))) return 410;
  if (!job.completed_at(now_ms)) return 406;
  job.deleted = true;
  return 200;
}

std::vector<Job> JobBook::all() const {
  std::lock_guard lock(mutex_);
  std::vector<Job> jobs;
  for (const auto& id : order_) jobs.push_back(jobs_.at(id));
  return jobs;
}

std::vector<Job> JobBook::with_callbacks() const {
  std::lock_guard lock(mutex_);
  std::vector<Job> jobs;
  for (const auto& id : order_)
    if (!jobs_.at(id).request.callback_url.empty()) jobs.push_back(jobs_.at(id));
  return jobs;
}

void JobBook::clear() {
  std::lock_guard lock(mutex_);
  jobs_.clear();
  order_.clear();
  next_serial_ = 1;
}

}  // namespace leadflow::verifalia_sim
