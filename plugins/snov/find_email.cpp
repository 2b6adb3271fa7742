// find_email over the v1 finder; see find_email.hpp. A resumed operation whose checkpoint says
// the name was already pushed goes straight to polling: it is not pushed (and paid) again.
#include "find_email.hpp"

#include "input_fields.hpp"
#include "responses.hpp"
#include "status_mapping.hpp"

#include <algorithm>

namespace leadflow::snov {
namespace {

using namespace std::chrono_literals;

struct NameQuery {
  PersonName name;
  std::string domain;
};

// What get-emails-from-names answered: status.identifier (complete, in_progress, not_found) and
// the best email of data.emails (the first "valid" one, else the first), or null.
struct FinderAnswer {
  std::string identifier;
  nlohmann::json email;
};

FormFields name_fields(const NameQuery& query) {
  return {{"firstName", query.name.first}, {"lastName", query.name.last}, {"domain", query.domain}};
}

ApiCall lookup_call(const Api& api, const NameQuery& query) {
  auto call = form_post(api.settings->url("/v1/get-emails-from-names"), name_fields(query), "the email finder (get-emails-from-names)");
  call.cap = Cap::finder, call.cap_units = 1;
  return call;
}

// "1 credit per request", and a second push would be charged again: never resent.
ApiCall push_call(const Api& api, const NameQuery& query) {
  auto call = form_post(api.settings->url("/v1/add-names-to-find-emails"), name_fields(query), "add-names-to-find-emails");
  call.cap = Cap::finder, call.cap_units = 1;
  call.idempotent = false;
  call.expected_cost = 1;
  return call;
}

std::optional<FinderAnswer> finder_answer(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("status") || !body["status"].is_object()) return std::nullopt;
  FinderAnswer answer{body["status"].value("identifier", ""), nullptr};
  const auto emails = body.contains("/data/emails"_json_pointer) ? body["/data/emails"_json_pointer] : nlohmann::json::array();
  if (!emails.is_array()) return std::nullopt;
  for (const auto& email : emails)
    if (email.is_object() && email.contains("email") && email["email"].is_string() && (answer.email.is_null() || email.value("emailStatus", "") == "valid"))
      answer.email = email;
  return answer;
}

sdk::Outcome found(const nlohmann::json& email, const nlohmann::json& raw, double credits) {
  const auto status = email.value("emailStatus", "unknown");
  return sdk::done({{"status", "found"},
                    {"email", email["email"]},
                    {"confidence", confidence_of(status)},
                    {"email_status", email_status_of(status)},
                    {"snov_status", status},
                    {"raw", raw}},
                   credits);
}

sdk::Outcome not_found(const nlohmann::json& raw, double credits) { return sdk::done({{"status", "not_found"}, {"raw", raw}}, credits); }

sdk::Outcome still_searching(const NameQuery& query, std::chrono::milliseconds waited) {
  return sdk::fail(sdk::ErrorCode::timeout,
                   "Snov.io was still searching the email of " + query.name.first + " " + query.name.last + " at " + query.domain +
                       " after " + std::to_string(waited.count()) + " ms (finder_max_wait_ms); retry later.",
                   true, 0, 1);
}

nlohmann::json names_pushed() { return {{"names_added", true}}; }

bool resumes_after_push(const nlohmann::json& checkpoint) { return checkpoint.is_object() && checkpoint.value("names_added", false); }

std::optional<sdk::Outcome> missing_input(const nlohmann::json& input) {
  if (!person_name(input)) return sdk::fail(sdk::ErrorCode::invalid_input, "find_email needs first_name and last_name (or a full_name) for Snov.io's finder.");
  if (input_domain(input).empty())
    return sdk::fail(sdk::ErrorCode::invalid_input, "find_email needs a domain (or website): Snov.io's finder does not search by company name.");
  return std::nullopt;
}

}  // namespace

sdk::Task find_email(sdk::Operation& op, Api api) {
  if (auto problem = missing_input(op.input())) co_return *problem;
  const NameQuery query{*person_name(op.input()), input_domain(op.input())};
  double credits = 0;

  if (resumes_after_push(op.checkpoint())) {
    credits = 1;  // paid before the interruption
  } else {
    Exchange lookup(api, lookup_call(api, query));
    while (auto step = lookup.next(op.now_unix_ms())) {
      if (step.sends()) lookup.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (lookup.failure()) co_return *lookup.failure();
    if (auto failure = business_failure(lookup.body(), "the email finder")) co_return *failure;
    const auto answer = finder_answer(lookup.body());
    if (!answer) co_return unreadable("the email finder", lookup.status());
    if (!answer->email.is_null()) co_return found(answer->email, lookup.body(), 0);

    Exchange push(api, push_call(api, query));
    while (auto step = push.next(op.now_unix_ms())) {
      if (step.sends()) push.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (push.failure()) co_return *push.failure();
    if (auto failure = business_failure(push.body(), "add-names-to-find-emails")) co_return *failure;
    credits = 1;
    co_await op.save_checkpoint(names_pushed());
  }

  // Snov finds pushed names "after a while"; its not_found may only mean "not yet", so both
  // not_found and in_progress are polled again, with doubling waits, until finder_max_wait_ms.
  std::chrono::milliseconds waited = 0ms;
  std::chrono::milliseconds wait = api.settings->finder_first_poll;
  nlohmann::json last_body;
  std::string last_identifier;
  while (waited < api.settings->finder_max_wait) {
    const auto pause = std::min(wait, api.settings->finder_max_wait - waited);
    co_await op.sleep(pause);
    waited += pause;
    wait *= 2;
    Exchange poll(api, lookup_call(api, query));
    while (auto step = poll.next(op.now_unix_ms())) {
      if (step.sends()) poll.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (poll.failure()) {
      auto failure = *poll.failure();
      failure.credits_spent = credits;
      co_return failure;
    }
    const auto answer = finder_answer(poll.body());
    if (!answer) co_return unreadable("the email finder", poll.status());
    if (!answer->email.is_null()) co_return found(answer->email, poll.body(), credits);
    last_body = poll.body();
    last_identifier = answer->identifier;
  }
  if (last_identifier == "in_progress") co_return still_searching(query, waited);
  co_return not_found(last_body, credits);
}

}  // namespace leadflow::snov
