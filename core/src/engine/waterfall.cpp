// The waterfall's decisions; see waterfall.hpp.
#include "engine/waterfall.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::engine {
namespace {

bool moves_on(const workflow::StepSpec& spec, const std::string& outcome) {
  const auto& next_on = spec.waterfall->next_on;
  return std::find(next_on.begin(), next_on.end(), outcome) != next_on.end();
}

std::string outcome_of(const AttemptResult& result) {
  if (result.kind == AttemptResult::Kind::skipped) return "skipped";
  if (result.kind == AttemptResult::Kind::failed) return result.error.value("code", "internal");
  return result.output.value("status", "done");
}

const AttemptResult* result_at(const AttemptResults& results, std::size_t index) {
  auto it = results.find(index);
  return it == results.end() ? nullptr : &it->second;
}

}  // namespace

bool verification_accepted(const nlohmann::json& output, const std::string& accept) {
  const auto status = output.value("status", "unknown");
  if (status == "deliverable") return true;
  if (status != "risky") return false;
  if (accept == "risky") return true;
  return accept == "catch_all" && (output.value("catch_all", false) || output.value("reason", "") == "catch_all");
}

std::string found_email(const AttemptResults& results, std::size_t attempt) {
  const auto* result = result_at(results, attempt);
  if (!result || result->kind != AttemptResult::Kind::answered || result->output.value("status", "") != "found") return "";
  const auto email = result->output.find("email");
  return email != result->output.end() && email->is_string() ? email->get<std::string>() : "";
}

WaterfallState judge_waterfall(const BoundWorkflow& workflow, const BoundStep& first, std::size_t upto, const AttemptResults& results) {
  const auto& spec = workflow.spec(first);
  const bool verifies = spec.waterfall && spec.waterfall->verify;
  for (std::size_t index = first.first; index < upto; ++index) {
    if (workflow.steps[index].role != StepRole::attempt) continue;
    const auto* attempt = result_at(results, index);
    if (!attempt) return {WaterfallState::Kind::open};
    const auto outcome = outcome_of(*attempt);
    if (attempt->kind == AttemptResult::Kind::answered && outcome != "not_found") {
      if (!verifies) return {WaterfallState::Kind::won, index};
      if (found_email(results, index).empty()) continue;  // found nothing to verify: the next may
      const auto* check = result_at(results, index + 1);
      if (!check) return {WaterfallState::Kind::verifying, index};
      if (check->kind != AttemptResult::Kind::answered)
        return {WaterfallState::Kind::failed, index + 1, check->error};
      if (verification_accepted(check->output, spec.waterfall->verify->accept)) return {WaterfallState::Kind::won, index};
      continue;  // verified and rejected: the next provider may find a better address
    }
    if (!moves_on(spec, outcome)) return {WaterfallState::Kind::failed, index, attempt->error};
  }
  return {upto >= first.last ? WaterfallState::Kind::exhausted : WaterfallState::Kind::open};
}

nlohmann::ordered_json waterfall_outcome(const BoundWorkflow& workflow, const BoundStep& outcome, const AttemptResults& results,
                                         nlohmann::json& failed) {
  const auto state = judge_waterfall(workflow, outcome, outcome.last, results);
  const auto& spec = workflow.spec(outcome);
  std::string account;
  bool any_not_found = false;
  nlohmann::json last_error;
  for (std::size_t index = outcome.first; index < outcome.last; ++index) {
    const auto& step = workflow.steps[index];
    const auto* result = result_at(results, index);
    if (!result || step.role != StepRole::attempt) continue;
    const auto what = outcome_of(*result);
    any_not_found |= what == "not_found";
    if (result->kind != AttemptResult::Kind::answered) last_error = result->error;
    std::string entry = fmt::format("{}: {}", workflow.providers[step.provider].name, what);
    if (const auto* check = result_at(results, index + 1); check && index + 1 < outcome.last &&
                                                           workflow.steps[index + 1].role == StepRole::verification) {
      const auto email = found_email(results, index);
      entry += fmt::format(" {} ({})", email, outcome_of(*check));
    }
    account += (account.empty() ? "" : "; ") + entry;
  }

  nlohmann::ordered_json record = nlohmann::ordered_json::object();
  if (state.kind == WaterfallState::Kind::won) {
    const auto& winner = results.at(state.attempt).output;
    record["status"] = winner.value("status", "found");
    for (const auto& [key, value] : winner.items())
      if (key != "status" && key != "raw") record[key] = value;
    record["provider"] = workflow.providers[workflow.steps[state.attempt].provider].name;
    if (spec.waterfall->verify) {
      const auto& check = results.at(state.attempt + 1).output;
      record["verify_status"] = check.value("status", "");
      record["verify_reason"] = check.value("reason", "");
    }
  } else if (state.kind == WaterfallState::Kind::failed) {
    failed = state.error.is_object() ? state.error : nlohmann::json{{"code", "internal"}, {"message", "the waterfall failed"}};
  } else if (!any_not_found && !last_error.is_null()) {
    failed = last_error;  // every provider failed: that is not "not found"
  } else {
    record["status"] = "not_found";
    record["provider"] = nullptr;  // nobody found it
  }
  record["attempts"] = account;
  return record;
}

}  // namespace leadflow::engine
