// One authenticated Snov.io request; see exchange.hpp.
#include "exchange.hpp"

#include "responses.hpp"

#include <algorithm>

namespace leadflow::snov {
namespace {

using namespace std::chrono_literals;

constexpr auto token_fetch_wait = 200ms;
constexpr std::int64_t token_fetch_stale_ms = 30'000;

}  // namespace

Step Exchange::next(std::int64_t now_ms) {
  if (phase_ == Phase::finished) return Step::finished();
  if (!counted_against_cap_) {
    const auto wait_ms = api_.state->reserve(call_.cap, call_.cap_units, now_ms);
    if (wait_ms > 0) {
      if (paused_ms_ + wait_ms > api_.settings->cap_max_wait.count()) {
        finish(sdk::fail(sdk::ErrorCode::rate_limited,
                         "Snov.io's hourly cap for " + call_.what + " (plan " + api_.settings->plan +
                             ") would keep this row waiting longer than cap_max_wait_ms; retry later or raise the plan's limits.",
                         true));
        return Step::finished();
      }
      paused_ms_ += wait_ms;
      return Step::sleep(std::chrono::milliseconds(wait_ms));
    }
    counted_against_cap_ = true;
  }
  const auto token = api_.state->token(now_ms);
  if (!token) {
    // One operation fetches the account's token; the others wait a moment and use it.
    if (!api_.state->begin_token_fetch(now_ms, token_fetch_stale_ms)) return Step::sleep(token_fetch_wait);
    phase_ = Phase::awaiting_token;
    return Step::send(token_request());
  }
  used_token_ = *token;
  phase_ = Phase::awaiting_answer;
  return Step::send(authorized(*token));
}

void Exchange::take(const sdk::HttpResponse& response, std::int64_t now_ms) {
  if (phase_ == Phase::awaiting_token) return take_token(response, now_ms);
  if (phase_ == Phase::awaiting_answer) return take_answer(response, now_ms);
}

// POST /v1/oauth/access_token, form-encoded as the docs' samples send it. Free and safe to resend.
sdk::HttpRequest Exchange::token_request() const {
  return sdk::HttpRequest{
      .method = "POST",
      .url = api_.settings->url("/v1/oauth/access_token"),
      .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
      .body = sdk::form_encode({{"grant_type", "client_credentials"},
                                {"client_id", api_.settings->client_id},
                                {"client_secret", api_.settings->client_secret}}),
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

// "Authorization: Bearer" works for every method, v1 included (the research's SNOV-N8N).
sdk::HttpRequest Exchange::authorized(const std::string& token) const {
  sdk::HttpRequest request{
      .method = call_.method,
      .url = call_.url,
      .headers = {{"Authorization", "Bearer " + token}},
      .body = call_.body,
      .idempotent = call_.idempotent,
      .rate_limit_key = "default",
      .expected_cost = call_.expected_cost,
  };
  if (!call_.content_type.empty()) request.headers.push_back({"Content-Type", call_.content_type});
  return request;
}

void Exchange::take_token(const sdk::HttpResponse& response, std::int64_t now_ms) {
  api_.state->end_token_fetch();
  const std::string what = "the access token request";
  if (response.failed_in_transport()) return finish(transport_failure(response, what));
  if (response.status() == 400 || response.status() == 401)
    return finish(sdk::fail(sdk::ErrorCode::auth_failed,
                            "Snov.io refused client_id and client_secret (HTTP " + std::to_string(response.status()) +
                                "): copy both from the Snov.io account settings into the provider config.",
                            false, response.status()));
  if (!response.ok()) return finish(status_failure(response, what));
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("access_token") || !(*body)["access_token"].is_string() ||
      !body->contains("expires_in") || !(*body)["expires_in"].is_number())
    return finish(unreadable(what, response.status()));
  // Refreshed token_refresh_margin_ms before expires_in runs out, or half-way through a life
  // shorter than twice the margin (so a short-lived token is still used, not fetched forever).
  const auto lifetime_ms = static_cast<std::int64_t>((*body)["expires_in"].get<double>() * 1000);
  const auto margin_ms = std::min<std::int64_t>(api_.settings->token_refresh_margin.count(), lifetime_ms / 2);
  api_.state->store_token((*body)["access_token"].get<std::string>(), now_ms + lifetime_ms - margin_ms);
  phase_ = Phase::ready;
}

void Exchange::take_answer(const sdk::HttpResponse& response, std::int64_t now_ms) {
  if (response.failed_in_transport()) return finish(transport_failure(response, call_.what));
  if (response.status() == 401 && !refreshed_after_401_) {
    // The token died early (revoked, or the clocks disagree): one fresh token, one resend.
    api_.state->forget_token(used_token_);
    refreshed_after_401_ = true;
    phase_ = Phase::ready;
    return;
  }
  status_ = response.status();
  if (!response.ok()) return finish(status_failure(response, call_.what));
  const auto body = response.json();
  if (!body) return finish(unreadable(call_.what, status_));
  if (call_.cap != Cap::none && is_cap_refusal(*body)) {
    // "There are too many prospects processing. Please try later": the hour's cap is spent
    // (perhaps by another client of the account). Nothing was done, so pause and resend.
    api_.state->pause_until_next_hour(call_.cap, now_ms);
    counted_against_cap_ = false;
    phase_ = Phase::ready;
    return;
  }
  body_ = std::move(*body);
  phase_ = Phase::finished;
}

void Exchange::finish(sdk::Outcome failure) {
  failure_ = std::move(failure);
  phase_ = Phase::finished;
}

}  // namespace leadflow::snov
