// One asynchronous Snov.io v2 search: the start POST answers meta.task_hash and links.result,
// then links.result is read every task_poll_ms until status is "completed" ("Can be completed or
// in progress"), for at most task_max_wait_ms. Driven like an Exchange (see exchange.hpp).
#pragma once

#include "exchange.hpp"

#include <optional>

namespace leadflow::snov {

class AsyncTask {
 public:
  AsyncTask(Api api, ApiCall start) : api_(api), what_(start.what), exchange_(api, std::move(start)) {}

  Step next(std::int64_t now_ms);
  void take(const sdk::HttpResponse& response, std::int64_t now_ms);

  // Once finished: the failure, or the completed result body.
  const std::optional<sdk::Outcome>& failure() const { return failure_; }
  const nlohmann::json& result() const { return result_; }

 private:
  enum class Phase { starting, sleeping, polling, finished };

  void after_exchange();
  void finish(sdk::Outcome failure);

  Api api_;
  std::string what_;
  Exchange exchange_;
  Phase phase_ = Phase::starting;
  std::string result_url_;
  std::chrono::milliseconds waited_{0};
  std::optional<sdk::Outcome> failure_;
  nlohmann::json result_;
};

// The URL a v2 answer gives under links.<name>, or "" when absent or empty.
std::string link_of(const nlohmann::json& body, const char* name);

}  // namespace leadflow::snov
