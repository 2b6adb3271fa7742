// add_to_list and add_to_campaign; see prospect_lists.hpp.
#include "prospect_lists.hpp"

#include "input_fields.hpp"
#include "prospect_fields.hpp"
#include "responses.hpp"

namespace leadflow::snov {
namespace {

using namespace std::chrono_literals;

constexpr auto list_creation_poll = 500ms;
constexpr auto list_creation_max_wait = 60'000ms;

sdk::Outcome no_list() {
  return sdk::fail(sdk::ErrorCode::invalid_input, "add_to_list needs a list (its name) or a list_id for Snov.io.");
}

sdk::Outcome no_campaign(const std::string& wanted) {
  return sdk::fail(sdk::ErrorCode::invalid_input,
                   "Snov.io has no campaign '" + wanted + "' (get-user-campaigns): give an existing campaign_id or campaign name.");
}

sdk::Outcome list_wait_timeout(const std::string& name) {
  return sdk::fail(sdk::ErrorCode::timeout, "Another row kept creating the Snov.io list '" + name + "' for over a minute; retry later.", true);
}

sdk::Outcome list_not_created(const std::string& name) {
  return sdk::fail(sdk::ErrorCode::bad_response, "Snov.io did not answer the creation of the list '" + name + "' with its id.");
}

}  // namespace

sdk::Task add_to_list(sdk::Operation& op, Api api) {
  if (auto problem = prospect_input_problem(op.input())) co_return *problem;
  const auto list_name = input_text(op.input(), "list");
  auto list_id = id_number(nlohmann::json(input_text(op.input(), "list_id")));
  if (!list_id && list_name.empty()) co_return no_list();

  // A list by name: the account's cache, else (by one row at a time) get-user-lists, else create
  // it; the other rows wait for its id.
  std::chrono::milliseconds waited = 0ms;
  while (!list_id) {
    if ((list_id = api.state->list_id(list_name))) break;
    if (!api.state->claim_list_creation(list_name)) {
      if (waited >= list_creation_max_wait) co_return list_wait_timeout(list_name);
      co_await op.sleep(list_creation_poll);
      waited += list_creation_poll;
      continue;
    }
    Exchange lists(api, user_lists_call(*api.settings));
    while (auto step = lists.next(op.now_unix_ms())) {
      if (step.sends()) lists.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (lists.failure()) {
      api.state->release_list_creation(list_name);
      co_return *lists.failure();
    }
    if (const auto existing = list_named(lists.body(), list_name)) {
      api.state->remember_list(list_name, *existing);
      continue;
    }
    Exchange create(api, create_list_call(*api.settings, list_name));
    while (auto step = create.next(op.now_unix_ms())) {
      if (step.sends()) create.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    const auto created = create.failure() ? std::nullopt : created_list_id(create.body());
    if (!created) {
      api.state->release_list_creation(list_name);
      if (create.failure()) co_return *create.failure();
      if (auto failure = business_failure(create.body(), "the list creation")) co_return *failure;
      co_return list_not_created(list_name);
    }
    api.state->remember_list(list_name, *created);
  }

  Exchange add(api, add_prospect_call(*api.settings, op.input(), *list_id));
  while (auto step = add.next(op.now_unix_ms())) {
    if (step.sends()) add.take(co_await op.http(step.request), op.now_unix_ms());
    else co_await op.sleep(step.wait);
  }
  if (add.failure()) co_return *add.failure();
  if (auto failure = business_failure(add.body(), "add-prospect-to-list")) co_return *failure;
  co_return added_output(add.body(), *list_id, nlohmann::json());
}

sdk::Task add_to_campaign(sdk::Operation& op, Api api) {
  if (auto problem = prospect_input_problem(op.input())) co_return *problem;
  auto wanted = input_text(op.input(), "campaign_id");
  if (wanted.empty()) wanted = input_text(op.input(), "campaign");
  if (wanted.empty()) co_return sdk::fail(sdk::ErrorCode::invalid_input, "add_to_campaign needs a campaign (its name) or a campaign_id for Snov.io.");

  Exchange campaigns(api, user_campaigns_call(*api.settings));
  while (auto step = campaigns.next(op.now_unix_ms())) {
    if (step.sends()) campaigns.take(co_await op.http(step.request), op.now_unix_ms());
    else co_await op.sleep(step.wait);
  }
  if (campaigns.failure()) co_return *campaigns.failure();
  const auto campaign = campaign_matching(campaigns.body(), wanted);
  if (!campaign) co_return no_campaign(wanted);
  const auto list_id = id_number(campaign->value("list_id", nlohmann::json()));
  if (!list_id) co_return unreadable("get-user-campaigns", campaigns.status());

  Exchange add(api, add_prospect_call(*api.settings, op.input(), *list_id));
  while (auto step = add.next(op.now_unix_ms())) {
    if (step.sends()) add.take(co_await op.http(step.request), op.now_unix_ms());
    else co_await op.sleep(step.wait);
  }
  if (add.failure()) co_return *add.failure();
  if (auto failure = business_failure(add.body(), "add-prospect-to-list")) co_return *failure;
  co_return added_output(add.body(), *list_id, *campaign);
}

}  // namespace leadflow::snov
