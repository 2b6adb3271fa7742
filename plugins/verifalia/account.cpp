// account: GET /credits/balance, GET /credits/daily-usage (every page) and
// GET /email-validations/quality-levels, all free. The quality levels' unitPrice is what a
// verification costs; it is also kept in the host's cache for verify_email's cost estimates.
#include "account.hpp"

#include <string>

#include "api_call.hpp"
#include "job_snapshot.hpp"
#include "problem_details.hpp"

namespace leadflow::verifalia {
namespace {

ApiRequest balance_request() { return ApiRequest{.path = "/credits/balance", .what = "the credits balance request"}; }

ApiRequest usage_request(const nlohmann::json& input, const std::string& cursor) {
  std::string query;
  auto add = [&query](const std::string& key, const std::string& value) {
    query += (query.empty() ? "?" : "&") + key + "=" + sdk::encode_path_segment(value);
  };
  if (!cursor.empty()) add("cursor", cursor);
  if (input.contains("usage_since") && input["usage_since"].is_string()) add("date:since", input["usage_since"].get<std::string>());
  if (input.contains("usage_until") && input["usage_until"].is_string()) add("date:until", input["usage_until"].get<std::string>());
  return ApiRequest{.path = "/credits/daily-usage" + query, .what = "the daily usage request"};
}

ApiRequest quality_levels_request() {
  return ApiRequest{.path = "/email-validations/quality-levels", .what = "the quality levels request"};
}

nlohmann::json usage_row(const nlohmann::json& day) {
  return {{"date", day.value("date", "")},
          {"free_credits", day.value("freeCredits", nlohmann::json(0))},
          {"credit_packs", day.value("creditPacks", nlohmann::json(0))}};
}

nlohmann::json quality_row(const nlohmann::json& level) {
  return {{"id", level.value("id", "")},
          {"name", level.value("displayName", "")},
          {"unit_price", level.value("unitPrice", nlohmann::json())},
          {"default", level.value("isDefault", false)},
          {"custom", level.value("isCustom", false)},
          {"unavailable", level.value("isUnavailable", false)}};
}

std::optional<sdk::Outcome> read_balance(const sdk::HttpResponse& response, nlohmann::json& output) {
  if (!response.ok()) return failure_for(response, "the credits balance request");
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("creditPacks") || !(*body)["creditPacks"].is_number())
    return unreadable(response, "the credits balance request");
  output["credits_remaining"] = (*body)["creditPacks"];
  if (body->contains("freeCredits") && (*body)["freeCredits"].is_number()) output["free_credits_remaining"] = (*body)["freeCredits"];
  if (body->contains("freeCreditsResetIn") && (*body)["freeCreditsResetIn"].is_string())
    output["free_credits_reset_in"] = (*body)["freeCreditsResetIn"];
  output["raw"]["balance"] = *body;
  return std::nullopt;
}

void keep_unit_prices(const sdk::Operation& op, const Settings& settings, const nlohmann::json& levels) {
  for (const auto& level : levels)
    if (level.is_object() && level.contains("id") && level["id"].is_string() && level.contains("unitPrice") && level["unitPrice"].is_number())
      op.host().cache_put("unit_price:" + settings.base_urls.front() + ":" + level["id"].get<std::string>(),
                          std::to_string(level["unitPrice"].get<double>()), std::chrono::hours(24));
}

nlohmann::json initial_output() { return {{"status", "done"}, {"raw", nlohmann::json::object()}}; }

}  // namespace

sdk::Task account(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  nlohmann::json output = initial_output();

  ApiCall balance(settings, session, balance_request());
  for (auto next = balance.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = balance.next(op.now_unix_ms())) {
    if (next == ApiCall::Next::wait) co_await op.sleep(balance.wait());
    else balance.receive(co_await op.http(balance.request()), op.now_unix_ms());
  }
  if (balance.failure()) co_return *balance.failure();
  if (auto failure = read_balance(balance.response(), output)) co_return *failure;

  nlohmann::json usage = nlohmann::json::array();
  std::string cursor;
  do {
    ApiCall page(settings, session, usage_request(op.input(), cursor));
    for (auto next = page.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = page.next(op.now_unix_ms())) {
      if (next == ApiCall::Next::wait) co_await op.sleep(page.wait());
      else page.receive(co_await op.http(page.request()), op.now_unix_ms());
    }
    if (page.failure()) co_return *page.failure();
    if (!page.response().ok()) co_return failure_for(page.response(), "the daily usage request");
    const auto parsed = parse_entries_page(page.response().json().value_or(nlohmann::json()));
    if (!parsed) co_return unreadable(page.response(), "the daily usage request");
    for (const auto& day : parsed->data)
      if (day.is_object()) usage.push_back(usage_row(day));
    cursor = parsed->truncated ? parsed->cursor : "";
  } while (!cursor.empty());
  output["daily_usage"] = usage;

  ApiCall levels(settings, session, quality_levels_request());
  for (auto next = levels.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = levels.next(op.now_unix_ms())) {
    if (next == ApiCall::Next::wait) co_await op.sleep(levels.wait());
    else levels.receive(co_await op.http(levels.request()), op.now_unix_ms());
  }
  if (levels.failure()) co_return *levels.failure();
  if (!levels.response().ok()) co_return failure_for(levels.response(), "the quality levels request");
  const auto parsed_levels = parse_entries_page(levels.response().json().value_or(nlohmann::json()));
  if (!parsed_levels) co_return unreadable(levels.response(), "the quality levels request");
  nlohmann::json quality_levels = nlohmann::json::array();
  for (const auto& level : parsed_levels->data)
    if (level.is_object()) quality_levels.push_back(quality_row(level));
  keep_unit_prices(op, settings, parsed_levels->data);
  output["quality_levels"] = quality_levels;
  co_return sdk::done(output, 0);
}

}  // namespace leadflow::verifalia
