// enrich_person by email or by social URL; see enrich_person.hpp.
#include "enrich_person.hpp"

#include "input_fields.hpp"
#include "profile_mapping.hpp"
#include "responses.hpp"

#include <algorithm>

namespace leadflow::snov {
namespace {

using namespace std::chrono_literals;

ApiCall profile_call(const Api& api, const std::string& email) {
  auto call = form_post(api.settings->url("/v1/get-profile-by-email"), {{"email", email}}, "get-profile-by-email");
  call.idempotent = false;  // "1 credit per request"
  call.expected_cost = 1;
  return call;
}

ApiCall add_url_call(const Api& api, const std::string& url) {
  auto call = form_post(api.settings->url("/v1/add-url-for-search"), {{"url", url}}, "add-url-for-search");
  call.idempotent = false;  // "1 credit per request"
  call.expected_cost = 1;
  return call;
}

ApiCall url_result_call(const Api& api, const std::string& url) {
  return form_post(api.settings->url("/v1/get-emails-from-url"), {{"url", url}}, "get-emails-from-url");
}

bool found_profile(const nlohmann::json& body) { return body.is_object() && body.value("success", false); }

// get-emails-from-url: {"success": true, "data": [profile]} once found.
std::optional<nlohmann::json> url_profile(const nlohmann::json& body) {
  if (!found_profile(body) || !body.contains("data") || !body["data"].is_array() || body["data"].empty()) return std::nullopt;
  return body["data"][0];
}

nlohmann::json url_pushed() { return {{"url_added", true}}; }
bool resumes_after_push(const nlohmann::json& checkpoint) { return checkpoint.is_object() && checkpoint.value("url_added", false); }

sdk::Outcome not_found(const nlohmann::json& raw, double credits) { return sdk::done({{"status", "not_found"}, {"raw", raw}}, credits); }

}  // namespace

sdk::Task enrich_person(sdk::Operation& op, Api api) {
  const auto email = input_text(op.input(), "email");
  const auto url = input_text(op.input(), "linkedin_url");
  if (email.empty() && url.empty())
    co_return sdk::fail(sdk::ErrorCode::invalid_input, "enrich_person needs an email or a linkedin_url for Snov.io.");

  if (!email.empty()) {
    Exchange profile(api, profile_call(api, email));
    while (auto step = profile.next(op.now_unix_ms())) {
      if (step.sends()) profile.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (profile.failure()) co_return *profile.failure();
    // "If we find no information about the email owner in our database, you will not be charged."
    if (!found_profile(profile.body())) co_return not_found(profile.body(), 0);
    co_return sdk::done(enrich_output(profile.body(), profile.body()), 1);
  }

  if (!resumes_after_push(op.checkpoint())) {
    Exchange push(api, add_url_call(api, url));
    while (auto step = push.next(op.now_unix_ms())) {
      if (step.sends()) push.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (push.failure()) co_return *push.failure();
    if (auto failure = business_failure(push.body(), "add-url-for-search")) co_return *failure;
    co_await op.save_checkpoint(url_pushed());
  }
  std::chrono::milliseconds waited = 0ms;
  std::chrono::milliseconds wait = api.settings->task_poll;
  nlohmann::json last;
  while (waited < api.settings->url_search_max_wait) {
    const auto pause = std::min(wait, api.settings->url_search_max_wait - waited);
    co_await op.sleep(pause);
    waited += pause;
    wait *= 2;
    Exchange poll(api, url_result_call(api, url));
    while (auto step = poll.next(op.now_unix_ms())) {
      if (step.sends()) poll.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (poll.failure()) {
      auto failure = *poll.failure();
      failure.credits_spent = 1;
      co_return failure;
    }
    if (auto profile = url_profile(poll.body())) co_return sdk::done(enrich_output(*profile, poll.body()), 1);
    last = poll.body();
    if (!found_profile(last)) co_return not_found(last, 1);  // "success": false: Snov found nobody
  }
  co_return sdk::fail(sdk::ErrorCode::timeout,
                      "Snov.io was still searching the profile at " + url + " after " + std::to_string(waited.count()) +
                          " ms (url_search_max_wait_ms); retry later.",
                      true, 0, 1);
}

}  // namespace leadflow::snov
