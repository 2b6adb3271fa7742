// VoilaNorbert's webhooks: "We will send a POST request to this URL and expect a status code of
// 2xx. If we get something else, we will try again 2 more times incrementing the interval 30
// seconds between each of the requests. After the third request, the server will stop trying."
// We read "incrementing the interval 30 seconds" as waits of 30 s, then 60 s (virtual time).
// The sandbox never leaves the machine: only http://127.0.0.1 (or localhost) receivers are
// really called; any other URL counts as a receiver that did not answer 2xx. Every attempt is
// visible at GET /_sandbox/webhooks.
#pragma once

#include <leadflow/sandbox/scaled_clock.hpp>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace leadflow::voilanorbert_sim {

inline constexpr int webhook_attempts = 3;
inline constexpr std::int64_t webhook_first_retry_ms = 30'000;

struct WebhookAttempt {
  std::int64_t due_ms = 0;  // when it was due (virtual time): the documented schedule
  std::int64_t at_ms = 0;   // when it was sent (virtual time), at most a few ms of real time later
  int status = 0;          // the receiver's HTTP status; 0 when it could not be reached
  std::string error;
};

struct WebhookDelivery {
  std::string what;  // "search/name 1001", "verifier <token>", "massives 3"
  std::string url;
  std::string body;  // JSON
  std::int64_t due_ms = 0;  // when the next attempt is due (virtual time)
  std::vector<WebhookAttempt> attempts;
  bool delivered = false;
};

// THREAD: safe from any thread. Runs one background thread that first calls `settle(now_ms)`
// (so jobs that finished since the last tick schedule their webhooks), then sends what is due.
class WebhookOutbox {
 public:
  WebhookOutbox(const sandbox::ScaledClock& clock, std::function<void(std::int64_t)> settle);
  ~WebhookOutbox();
  WebhookOutbox(const WebhookOutbox&) = delete;
  WebhookOutbox& operator=(const WebhookOutbox&) = delete;

  void schedule(std::string what, std::string url, const nlohmann::json& body, std::int64_t due_ms);
  // {"deliveries": [{"what", "url", "body", "delivered", "attempts": [{"due_ms", "at_ms", "status", "error"}]}]}
  nlohmann::json to_json() const;
  void clear();

 private:
  void run();
  void send_due(std::int64_t now_ms);
  static WebhookAttempt attempt(const std::string& url, const std::string& body, std::int64_t due_ms, std::int64_t now_ms);

  const sandbox::ScaledClock& clock_;
  std::function<void(std::int64_t)> settle_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<WebhookDelivery> deliveries_;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace leadflow::voilanorbert_sim
