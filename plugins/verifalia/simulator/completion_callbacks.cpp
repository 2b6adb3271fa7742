// Delivering completion callbacks; see completion_callbacks.hpp. Failed deliveries are retried
// with an exponential backoff (1 s, 2 s, 4 s... of virtual time), at most 8 attempts here where
// Verifalia keeps trying for 24 hours.
#include "completion_callbacks.hpp"

#include <leadflow/sandbox/loopback_client.hpp>

#include <charconv>
#include <chrono>
#include <optional>

namespace leadflow::verifalia_sim {
namespace {

constexpr int max_attempts = 8;

struct LoopbackUrl {
  std::uint16_t port = 0;
  std::string target;
};

// http://127.0.0.1:PORT/path or http://localhost:PORT/path; nullopt for anything else.
std::optional<LoopbackUrl> loopback(const std::string& url) {
  for (const std::string prefix : {"http://127.0.0.1:", "http://localhost:"}) {
    if (!url.starts_with(prefix)) continue;
    const auto rest = url.substr(prefix.size());
    const auto slash = rest.find('/');
    std::uint16_t port = 0;
    const auto digits = rest.substr(0, slash);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return LoopbackUrl{port, slash == std::string::npos ? "/" : rest.substr(slash)};
  }
  return std::nullopt;
}

}  // namespace

CompletionCallbacks::CompletionCallbacks(const JobBook& jobs, const sandbox::ScaledClock& clock)
    : jobs_(jobs), clock_(clock), thread_([this](std::stop_token stop) {
        while (!stop.stop_requested()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          deliver_due(clock_.virtual_now_ms());
        }
      }) {}

CompletionCallbacks::~CompletionCallbacks() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void CompletionCallbacks::deliver_due(std::int64_t now_ms) {
  for (const auto& job : jobs_.with_callbacks()) {
    if (!job.completed_at(now_ms) || job.deleted) continue;
    {
      std::lock_guard lock(mutex_);
      auto& delivery = deliveries_[job.id];
      delivery.url = job.request.callback_url;
      if (delivery.delivered || delivery.attempts >= max_attempts || now_ms < delivery.next_attempt_ms) continue;
      ++delivery.attempts;
      delivery.next_attempt_ms = now_ms + (1000LL << (delivery.attempts - 1));
    }
    const int status = post(job, now_ms);
    std::lock_guard lock(mutex_);
    auto& delivery = deliveries_[job.id];
    delivery.last_status = status;
    delivery.delivered = status >= 200 && status < 300;  // 3xx counts as a failure, as documented
  }
}

int CompletionCallbacks::post(const Job& job, std::int64_t now_ms) const {
  const auto url = loopback(job.request.callback_url);
  if (!url) return 0;
  nlohmann::json data{{"id", job.id}};
  if (job.request.callback_version == "1.1") data["name"] = job.request.name;
  const nlohmann::json event{{"event",
                              {{"type", "email-validation.completed"},
                               {"version", job.request.callback_version},
                               {"data", data},
                               {"createdOn", iso_timestamp(now_ms)}}}};
  try {
    sandbox::LoopbackClient client(url->port);
    return client
        .request("POST", url->target, event.dump(), {{"Content-Type", "application/json"}, {"Idempotency-Key", "callback-" + job.id}})
        .status;
  } catch (const std::exception&) {
    return 0;  // refused or dropped: retried later
  }
}

nlohmann::json CompletionCallbacks::report() const {
  std::lock_guard lock(mutex_);
  nlohmann::json report = nlohmann::json::array();
  for (const auto& [id, delivery] : deliveries_)
    report.push_back({{"job_id", id}, {"url", delivery.url}, {"attempts", delivery.attempts}, {"delivered", delivery.delivered},
                      {"last_status", delivery.last_status}});
  return report;
}

void CompletionCallbacks::clear() {
  std::lock_guard lock(mutex_);
  deliveries_.clear();
}

}  // namespace leadflow::verifalia_sim
