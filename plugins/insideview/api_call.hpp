// One InsideView API request with everything around it that InsideView requires, as a small
// sans-IO driver the operation coroutines loop over (a coroutine cannot await another):
//   - an access token first: the configured one, or one from the token endpoint (one login at a
//     time per account; the other operations wait for its token), refreshed before it expires,
//     and obtained afresh once when the API answers 401;
//   - nothing leaves while the account is throttled (a 429 locks every token of the account out
//     for a full window): the call waits until the lock ends. The host waits out 429s itself;
//     one that still reaches the plugin locks the account's session for throttle_lock_ms.
//
//   ApiCall call(settings, session, request);
//   for (auto step = call.next(op.now_unix_ms()); !step.finished(); step = call.next(op.now_unix_ms()))
//     if (step.wait) co_await op.sleep(*step.wait); else call.answer(co_await op.http(*step.request), op.now_unix_ms());
//   if (auto failure = call.failure()) co_return *failure;   // login refused, throttled too long...
//   use call.response();                                     // the API's answer, any status
#pragma once

#include "responses.hpp"
#include "session.hpp"
#include "settings.hpp"

#include <chrono>
#include <optional>

namespace leadflow::insideview {

struct CallStep {
  std::optional<sdk::HttpRequest> request;       // send this
  std::optional<std::chrono::milliseconds> wait;  // or sleep this long
  bool finished() const { return !request && !wait; }
};

class ApiCall {
 public:
  // `request` without the accessToken header; `settings` and `session` must outlive the call.
  ApiCall(const Settings& settings, Session& session, sdk::HttpRequest request)
      : settings_(settings), session_(session), request_(std::move(request)) {}
  // An operation cancelled while logging in lets the others log in.
  ~ApiCall();
  ApiCall(const ApiCall&) = delete;
  ApiCall& operator=(const ApiCall&) = delete;

  CallStep next(std::int64_t now_ms);
  // The answer to the request of the last step.
  void answer(const sdk::HttpResponse& response, std::int64_t now_ms);

  // Once finished: why the call could not get an API answer (nullopt: it did).
  const std::optional<sdk::Outcome>& failure() const { return failure_; }
  // Once finished without failure: InsideView's answer to the request.
  const sdk::HttpResponse& response() const { return response_; }

 private:
  enum class Phase { ready, logging_in, sending, finished };

  sdk::HttpRequest authorized(const std::string& token) const;
  void finish_login(const sdk::HttpResponse& response);
  void finish_api(const sdk::HttpResponse& response, std::int64_t now_ms);

  const Settings& settings_;
  Session& session_;
  sdk::HttpRequest request_;
  Phase phase_ = Phase::ready;
  std::string token_sent_;
  std::optional<std::string> fresh_token_;  // from this call's own login, for its next send
  bool logged_in_again_ = false;  // after a 401: at most once per call
  int throttled_ = 0;             // 429s that reached the plugin
  std::optional<sdk::Outcome> failure_;
  sdk::HttpResponse response_;
};

}  // namespace leadflow::insideview
