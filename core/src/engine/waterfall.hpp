// How a row's waterfall stands after the providers tried so far: still open (try the next),
// waiting for the found email's verification, won by one attempt, or failed for good. Pure
// decisions over the attempts' results, so that a resumed row, whose attempts come back from
// the journal, decides exactly as the run that was interrupted would have.
#pragma once

#include "engine/bound_workflow.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace leadflow::engine {

// What one attempt or verification of a row ended with.
struct AttemptResult {
  enum class Kind { answered, failed, skipped } kind = Kind::answered;
  nlohmann::json output;  // answered: the plugin's output
  nlohmann::json error;   // failed or skipped: {"code", "message"}
};

using AttemptResults = std::map<std::size_t, AttemptResult>;  // bound step index -> result

struct WaterfallState {
  enum class Kind { open, verifying, won, failed, exhausted } kind = Kind::open;
  std::size_t attempt = 0;  // won, verifying or failed: the bound step of the deciding attempt
  nlohmann::json error;     // failed: why
};

// The state after the bound steps [step.first, upto) of the waterfall `step` belongs to.
WaterfallState judge_waterfall(const BoundWorkflow& workflow, const BoundStep& step, std::size_t upto, const AttemptResults& results);

// The email the attempt at `attempt` found, or "" when it found none.
std::string found_email(const AttemptResults& results, std::size_t attempt);

// The waterfall's own result, written under the step's id: the winner's fields, the provider
// that won, the verification, and a one-line account of every attempt. Sets `failed` to the
// error when the waterfall failed for good.
nlohmann::ordered_json waterfall_outcome(const BoundWorkflow& workflow, const BoundStep& outcome, const AttemptResults& results,
                                         nlohmann::json& failed);

// Whether a verification's answer passes the waterfall's `accept:` level.
bool verification_accepted(const nlohmann::json& output, const std::string& accept);

}  // namespace leadflow::engine
