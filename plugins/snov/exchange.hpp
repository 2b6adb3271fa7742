// One authenticated Snov.io request, as a small state machine the capability coroutines drive
// (sdk::Task cannot await another Task, so every multi-request helper has this shape):
//
//   Exchange exchange(api, call);
//   while (auto step = exchange.next(op.now_unix_ms())) {
//     if (step.sends()) exchange.take(co_await op.http(step.request), op.now_unix_ms());
//     else co_await op.sleep(step.wait);
//   }
//   if (exchange.failure()) co_return *exchange.failure();
//
// It fetches an access token when none is cached (or it expires within the margin), sends the
// call with "Authorization: Bearer", refreshes the token once and resends after a 401, waits
// out the plan's hourly cap (and Snov's "There are too many prospects processing" refusal) by
// sleeping until the hour is over, and turns transport errors and HTTP statuses into failures.
#pragma once

#include "account_state.hpp"
#include "api_call.hpp"
#include "settings.hpp"

#include <leadflow/plugin.hpp>

#include <chrono>
#include <optional>

namespace leadflow::snov {

// What an instance gives every operation: its config and the account's shared state.
// Pointers, so the state machines holding it stay assignable. Both outlive every operation.
struct Api {
  const Settings* settings;
  AccountState* state;
};

// What a driven state machine wants next. False once it has finished.
struct Step {
  enum class Kind { send, wait, finished };
  Kind kind = Kind::finished;
  sdk::HttpRequest request;
  std::chrono::milliseconds wait{0};

  static Step send(sdk::HttpRequest request) { return Step{Kind::send, std::move(request), {}}; }
  static Step sleep(std::chrono::milliseconds wait) { return Step{Kind::wait, {}, wait}; }
  static Step finished() { return Step{}; }
  bool sends() const { return kind == Kind::send; }
  explicit operator bool() const { return kind != Kind::finished; }
};

class Exchange {
 public:
  Exchange(Api api, ApiCall call) : api_(api), call_(std::move(call)) {}
  // An operation cancelled while fetching the token lets the others fetch it.
  ~Exchange() {
    if (phase_ == Phase::awaiting_token) api_.state->end_token_fetch();
  }
  Exchange(const Exchange&) = default;
  Exchange& operator=(const Exchange&) = default;

  Step next(std::int64_t now_ms);
  void take(const sdk::HttpResponse& response, std::int64_t now_ms);

  // Once finished: the failure, or the answer (status() and its JSON body()).
  const std::optional<sdk::Outcome>& failure() const { return failure_; }
  int status() const { return status_; }
  const nlohmann::json& body() const { return body_; }

 private:
  enum class Phase { ready, awaiting_token, awaiting_answer, finished };

  sdk::HttpRequest token_request() const;
  sdk::HttpRequest authorized(const std::string& token) const;
  void take_token(const sdk::HttpResponse& response, std::int64_t now_ms);
  void take_answer(const sdk::HttpResponse& response, std::int64_t now_ms);
  void finish(sdk::Outcome failure);

  Api api_;
  ApiCall call_;
  Phase phase_ = Phase::ready;
  bool counted_against_cap_ = false;
  bool refreshed_after_401_ = false;
  std::int64_t paused_ms_ = 0;
  std::string used_token_;
  std::optional<sdk::Outcome> failure_;
  int status_ = 0;
  nlohmann::json body_;
};

}  // namespace leadflow::snov
