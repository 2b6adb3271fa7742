// The waterfall's decisions, without an engine: which attempt runs next, when a verification is
// needed, who wins, and what the step's result says.
#include "engine/waterfall.hpp"

#include <doctest/doctest.h>

using namespace leadflow::engine;

namespace {

// A bound workflow shaped like `provider: [a, b]` (with `verify: {provider: v}` when asked):
// attempts a, (check), b, (check), outcome.
BoundWorkflow waterfall_of(bool verifies, std::string accept = "deliverable",
                           std::vector<std::string> next_on = leadflow::workflow::default_next_on()) {
  BoundWorkflow bound;
  leadflow::workflow::StepSpec spec;
  spec.id = "find";
  spec.capability = "find_email";
  spec.providers = {"a", "b"};
  spec.waterfall = leadflow::workflow::WaterfallSpec{std::move(next_on), {}, std::nullopt};
  if (verifies) spec.waterfall->verify = leadflow::workflow::WaterfallVerify{"v", {}, std::move(accept), {}};
  bound.workflow.steps.push_back(spec);
  for (const auto* name : {"a", "b", "v"}) bound.providers.push_back(BoundProvider{name, nullptr, {}});
  const auto add = [&](std::size_t provider, StepRole role) {
    BoundStep step{0, provider, role == StepRole::verification ? "verify_email" : "find_email", {"status"}};
    step.role = role;
    bound.steps.push_back(step);
  };
  add(0, StepRole::attempt);
  if (verifies) add(2, StepRole::verification);
  add(1, StepRole::attempt);
  if (verifies) add(2, StepRole::verification);
  add(0, StepRole::outcome);
  for (auto& step : bound.steps) step.last = bound.steps.size() - 1;
  return bound;
}

AttemptResult found(const std::string& email) { return {AttemptResult::Kind::answered, {{"status", "found"}, {"email", email}}, nullptr}; }
AttemptResult not_found() { return {AttemptResult::Kind::answered, {{"status", "not_found"}}, nullptr}; }
AttemptResult failed(const std::string& code) { return {AttemptResult::Kind::failed, nullptr, {{"code", code}, {"message", "no"}}}; }
AttemptResult verdict(const std::string& status, bool catch_all = false) {
  return {AttemptResult::Kind::answered, {{"status", status}, {"catch_all", catch_all}, {"reason", catch_all ? "catch_all" : "valid"}}, nullptr};
}

}  // namespace

TEST_CASE("the first provider that finds wins and the rest are not asked") {
  const auto bound = waterfall_of(false);
  AttemptResults results;
  CHECK(judge_waterfall(bound, bound.steps[0], 0, results).kind == WaterfallState::Kind::open);
  results[0] = found("ada@acme.example");
  const auto state = judge_waterfall(bound, bound.steps[0], 1, results);
  CHECK(state.kind == WaterfallState::Kind::won);
  CHECK(state.attempt == 0);
  nlohmann::json failure;
  const auto outcome = waterfall_outcome(bound, bound.steps[2], results, failure);
  CHECK(failure.is_null());
  CHECK(outcome["status"] == "found");
  CHECK(outcome["email"] == "ada@acme.example");
  CHECK(outcome["provider"] == "a");
  CHECK(outcome["attempts"] == "a: found");
}

TEST_CASE("not found or a provider that cannot serve moves on and an invalid record fails the step") {
  const auto bound = waterfall_of(false);
  for (const auto& first : {not_found(), failed("out_of_credits"), failed("provider_unavailable"), failed("auth_failed")}) {
    AttemptResults results{{0, first}};
    CHECK(judge_waterfall(bound, bound.steps[0], 1, results).kind == WaterfallState::Kind::open);
    results[1] = found("ada@acme.example");
    nlohmann::json failure;
    CHECK(waterfall_outcome(bound, bound.steps[2], results, failure)["provider"] == "b");
  }
  AttemptResults rejected{{0, failed("invalid_input")}};
  CHECK(judge_waterfall(bound, bound.steps[0], 1, rejected).kind == WaterfallState::Kind::failed);
  nlohmann::json failure;
  waterfall_outcome(bound, bound.steps[2], rejected, failure);
  CHECK(failure["code"] == "invalid_input");
}

TEST_CASE("next_on decides which outcomes move on") {
  const auto bound = waterfall_of(false, "deliverable", {"not_found"});
  AttemptResults results{{0, failed("out_of_credits")}};
  CHECK(judge_waterfall(bound, bound.steps[0], 1, results).kind == WaterfallState::Kind::failed);
}

TEST_CASE("nobody found it is not_found unless every provider failed") {
  const auto bound = waterfall_of(false);
  AttemptResults results{{0, not_found()}, {1, failed("timeout")}};
  nlohmann::json failure;
  auto outcome = waterfall_outcome(bound, bound.steps[2], results, failure);
  CHECK(failure.is_null());
  CHECK(outcome["status"] == "not_found");
  CHECK(outcome["provider"].is_null());
  CHECK(outcome["attempts"] == "a: not_found; b: timeout");

  AttemptResults all_failed{{0, failed("provider_unavailable")}, {1, failed("timeout")}};
  waterfall_outcome(bound, bound.steps[2], all_failed, failure);
  CHECK(failure["code"] == "timeout");
}

TEST_CASE("a verified waterfall waits for the check and moves on when it rejects the address") {
  const auto bound = waterfall_of(true);
  AttemptResults results{{0, found("ada@acme.example")}};
  CHECK(judge_waterfall(bound, bound.steps[0], 1, results).kind == WaterfallState::Kind::verifying);
  CHECK(found_email(results, 0) == "ada@acme.example");
  results[1] = verdict("risky");
  CHECK(judge_waterfall(bound, bound.steps[0], 2, results).kind == WaterfallState::Kind::open);
  results[2] = found("a.lovelace@acme.example");
  results[3] = verdict("deliverable");
  const auto state = judge_waterfall(bound, bound.steps[0], 4, results);
  CHECK(state.kind == WaterfallState::Kind::won);
  CHECK(state.attempt == 2);
  nlohmann::json failure;
  const auto outcome = waterfall_outcome(bound, bound.steps[4], results, failure);
  CHECK(outcome["email"] == "a.lovelace@acme.example");
  CHECK(outcome["provider"] == "b");
  CHECK(outcome["verify_status"] == "deliverable");
  CHECK(outcome["attempts"] == "a: found ada@acme.example (risky); b: found a.lovelace@acme.example (deliverable)");
}

TEST_CASE("accept levels are deliverable only, also catch-all, also risky") {
  CHECK(verification_accepted({{"status", "deliverable"}}, "deliverable"));
  CHECK_FALSE(verification_accepted({{"status", "risky"}, {"catch_all", true}}, "deliverable"));
  CHECK(verification_accepted({{"status", "risky"}, {"catch_all", true}}, "catch_all"));
  CHECK(verification_accepted({{"status", "risky"}, {"reason", "catch_all"}}, "catch_all"));
  CHECK_FALSE(verification_accepted({{"status", "risky"}, {"reason", "mailbox_full"}}, "catch_all"));
  CHECK(verification_accepted({{"status", "risky"}, {"reason", "mailbox_full"}}, "risky"));
  CHECK_FALSE(verification_accepted({{"status", "undeliverable"}}, "risky"));
  CHECK_FALSE(verification_accepted({{"status", "unknown"}}, "risky"));
}

TEST_CASE("a check that fails fails the step since the address is not known to be good") {
  const auto bound = waterfall_of(true);
  AttemptResults results{{0, found("ada@acme.example")}, {1, failed("out_of_credits")}};
  const auto state = judge_waterfall(bound, bound.steps[0], 2, results);
  CHECK(state.kind == WaterfallState::Kind::failed);
  CHECK(state.error["code"] == "out_of_credits");
}
