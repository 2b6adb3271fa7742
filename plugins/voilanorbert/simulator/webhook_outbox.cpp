// Webhook deliveries with the documented retries; see webhook_outbox.hpp.
#include "webhook_outbox.hpp"

#include <leadflow/sandbox/loopback_client.hpp>

#include <charconv>
#include <optional>

namespace leadflow::voilanorbert_sim {
namespace {

struct LoopbackTarget {
  std::uint16_t port = 0;
  std::string target;
};

// "http://127.0.0.1:8080/hook?x=1" -> {8080, "/hook?x=1"}; nullopt for anything off the machine.
std::optional<LoopbackTarget> loopback_target(const std::string& url) {
  for (const std::string prefix : {"http://127.0.0.1:", "http://localhost:"}) {
    if (!url.starts_with(prefix)) continue;
    const auto rest = url.substr(prefix.size());
    LoopbackTarget target;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), target.port);
    if (ec != std::errc() || target.port == 0) return std::nullopt;
    target.target = std::string(end, rest.data() + rest.size());
    if (target.target.empty()) target.target = "/";
    return target;
  }
  return std::nullopt;
}

// The wait before attempt number `done + 1`: 30 s after the first, 60 s after the second.
std::int64_t wait_after(std::size_t done) { return webhook_first_retry_ms * static_cast<std::int64_t>(done); }

}  // namespace

WebhookOutbox::WebhookOutbox(const sandbox::ScaledClock& clock, std::function<void(std::int64_t)> settle)
    : clock_(clock), settle_(std::move(settle)), thread_([this] { run(); }) {}

WebhookOutbox::~WebhookOutbox() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WebhookOutbox::schedule(std::string what, std::string url, const nlohmann::json& body, std::int64_t due_ms) {
  std::lock_guard lock(mutex_);
  deliveries_.push_back({std::move(what), std::move(url), body.dump(), due_ms, {}, false});
}

nlohmann::json WebhookOutbox::to_json() const {
  std::lock_guard lock(mutex_);
  nlohmann::json deliveries = nlohmann::json::array();
  for (const auto& delivery : deliveries_) {
    nlohmann::json attempts = nlohmann::json::array();
    for (const auto& a : delivery.attempts) attempts.push_back({{"due_ms", a.due_ms}, {"at_ms", a.at_ms}, {"status", a.status}, {"error", a.error}});
    deliveries.push_back({{"what", delivery.what},
                          {"url", delivery.url},
                          {"body", nlohmann::json::parse(delivery.body)},
                          {"due_ms", delivery.due_ms},
                          {"delivered", delivery.delivered},
                          {"attempts", std::move(attempts)}});
  }
  return {{"deliveries", std::move(deliveries)}};
}

void WebhookOutbox::clear() {
  std::lock_guard lock(mutex_);
  deliveries_.clear();
}

void WebhookOutbox::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto now = clock_.virtual_now_ms();
    settle_(now);
    send_due(now);
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(5), [this] { return stopping_; });
  }
}

void WebhookOutbox::send_due(std::int64_t now_ms) {
  std::vector<std::pair<std::size_t, WebhookDelivery>> due;
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < deliveries_.size(); ++i) {
      const auto& d = deliveries_[i];
      if (d.delivered || d.attempts.size() >= webhook_attempts) continue;
      if (d.due_ms <= now_ms) due.emplace_back(i, d);
    }
  }
  for (auto& [index, delivery] : due) {
    const auto result = attempt(delivery.url, delivery.body, delivery.due_ms, now_ms);
    std::lock_guard lock(mutex_);
    if (index >= deliveries_.size() || deliveries_[index].url != delivery.url) continue;  // cleared meanwhile
    auto& delivery_now = deliveries_[index];
    delivery_now.attempts.push_back(result);
    delivery_now.delivered = result.status >= 200 && result.status < 300;
    // The next try is timed from when this one was due, so the intervals stay as documented.
    delivery_now.due_ms += wait_after(delivery_now.attempts.size());
  }
}

WebhookAttempt WebhookOutbox::attempt(const std::string& url, const std::string& body, std::int64_t due_ms, std::int64_t now_ms) {
  WebhookAttempt result{due_ms, now_ms, 0, ""};
  const auto target = loopback_target(url);
  if (!target) {
    result.error = "not sent: the sandbox only calls webhooks on http://127.0.0.1 or http://localhost";
    return result;
  }
  try {
    sandbox::LoopbackClient client(target->port);
    result.status = client.request("POST", target->target, body, {{"Content-Type", "application/json"}}).status;
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

}  // namespace leadflow::voilanorbert_sim
