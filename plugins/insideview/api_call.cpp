// The token, throttle-lock and 401 handling around every API request; see api_call.hpp.
#include "api_call.hpp"

#include "login.hpp"

#include <utility>

namespace leadflow::insideview {
namespace {

// A 429 that reaches the plugin has already been waited out by the host; after this many more
// lock windows the call gives up (rate_limited, retryable).
constexpr int max_throttle_windows = 3;

}  // namespace

ApiCall::~ApiCall() {
  if (phase_ == Phase::logging_in) session_.release_login();
}

CallStep ApiCall::next(std::int64_t now_ms) {
  if (phase_ == Phase::finished) return {};
  const auto held_until = session_.throttled_until();
  if (now_ms < held_until) return CallStep{.wait = std::chrono::milliseconds(held_until - now_ms)};
  if (!settings_.can_log_in()) {
    token_sent_ = settings_.access_token;
  } else if (fresh_token_) {
    token_sent_ = *std::exchange(fresh_token_, std::nullopt);  // just obtained: used even if InsideView dates it oddly
  } else if (auto token = session_.token(now_ms)) {
    token_sent_ = *token;
  } else if (session_.claim_login(now_ms)) {
    phase_ = Phase::logging_in;
    return CallStep{.request = login_request(settings_)};
  } else {
    return CallStep{.wait = std::chrono::milliseconds(login_wait_ms)};  // another operation is logging in
  }
  phase_ = Phase::sending;
  return CallStep{.request = authorized(token_sent_)};
}

void ApiCall::answer(const sdk::HttpResponse& response, std::int64_t now_ms) {
  if (phase_ == Phase::logging_in) return finish_login(response);
  if (phase_ == Phase::sending) return finish_api(response, now_ms);
}

sdk::HttpRequest ApiCall::authorized(const std::string& token) const {
  auto request = request_;
  request.headers.push_back({"accessToken", token});
  return request;
}

void ApiCall::finish_login(const sdk::HttpResponse& response) {
  session_.release_login();
  if (auto failure = failure_for(response, Endpoint::login)) {
    failure_ = std::move(failure);
    phase_ = Phase::finished;
    return;
  }
  auto grant = parse_token(response);
  if (!grant) {
    failure_ = unreadable(response, Endpoint::login);
    phase_ = Phase::finished;
    return;
  }
  session_.remember_token(grant->token, grant->expires_ms);
  fresh_token_ = grant->token;
  phase_ = Phase::ready;  // next() sends the request with it
}

void ApiCall::finish_api(const sdk::HttpResponse& response, std::int64_t now_ms) {
  // "401: Cannot use API's without setting a valid accessToken": a token may have been revoked or
  // expired early. Log in again once; a second 401 is the caller's auth_failed.
  if (response.status() == 401 && settings_.can_log_in() && !logged_in_again_) {
    logged_in_again_ = true;
    session_.forget_token(token_sent_);
    phase_ = Phase::ready;
    return;
  }
  // The account is locked out for a full window: nothing is sent until it ends, by this call
  // or any other operation of the account.
  if (response.status() == 429) {
    session_.hold_until(now_ms + settings_.throttle_lock.count());
    if (++throttled_ <= max_throttle_windows) {
      phase_ = Phase::ready;
      return;
    }
  }
  response_ = response;
  phase_ = Phase::finished;
}

}  // namespace leadflow::insideview
