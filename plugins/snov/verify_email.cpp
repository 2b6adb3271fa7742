// verify_email over the v1 verifier; see verify_email.hpp.
#include "verify_email.hpp"

#include "responses.hpp"
#include "verification_batch.hpp"

namespace leadflow::snov {
namespace {

sdk::Outcome not_a_batch() {
  return sdk::fail(sdk::ErrorCode::invalid_input,
                   "verify_email expects the batch payload {\"items\": [{\"email\": ...}, ...]} with 1 to 10 items (its max_batch); "
                   "the host sent something else.");
}

sdk::Outcome with_credits(sdk::Outcome outcome, double credits) {
  outcome.credits_spent = credits;
  return outcome;
}

double pushed_count(const nlohmann::json& checkpoint) { return static_cast<double>(checkpoint["pushed"].size()); }

}  // namespace

sdk::Task verify_email(sdk::Operation& op, Api api) {
  auto batch = VerificationBatch::from_input(op.input(), *api.settings);
  if (!batch) co_return not_a_batch();
  if (batch->all_addresses().empty()) co_return batch->outcome();

  if (op.checkpoint().is_object()) {
    batch->resume_added(op.checkpoint(), op.now_unix_ms());
  } else {
    Exchange ask(api, status_call(*api.settings, batch->all_addresses()));
    while (auto step = ask.next(op.now_unix_ms())) {
      if (step.sends()) ask.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (ask.failure()) co_return *ask.failure();
    if (auto failure = business_failure(ask.body(), "the email verifier")) co_return *failure;
    batch->apply(ask.body(), op.now_unix_ms());
  }

  while (true) {
    batch->expire(op.now_unix_ms());
    if (batch->settled()) break;
    if (const auto addresses = batch->to_push(); !addresses.empty()) {
      Exchange push(api, push_call(*api.settings, addresses));
      while (auto step = push.next(op.now_unix_ms())) {
        if (step.sends()) push.take(co_await op.http(step.request), op.now_unix_ms());
        else co_await op.sleep(step.wait);
      }
      if (push.failure()) co_return with_credits(*push.failure(), pushed_count(batch->checkpoint()));
      if (auto failure = business_failure(push.body(), "add-emails-to-verification"))
        co_return with_credits(*failure, pushed_count(batch->checkpoint()));
      batch->mark_pushed(addresses, op.now_unix_ms());
      co_await op.save_checkpoint(batch->checkpoint());
      continue;
    }
    const auto now = op.now_unix_ms();
    if (batch->next_check_ms() > now) co_await op.sleep(std::chrono::milliseconds(batch->next_check_ms() - now));
    const auto due = batch->due(op.now_unix_ms());
    if (due.empty()) continue;
    Exchange poll(api, status_call(*api.settings, due));
    while (auto step = poll.next(op.now_unix_ms())) {
      if (step.sends()) poll.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (poll.failure()) co_return with_credits(*poll.failure(), pushed_count(batch->checkpoint()));
    batch->apply(poll.body(), op.now_unix_ms());
  }
  co_return batch->outcome();
}

}  // namespace leadflow::snov
