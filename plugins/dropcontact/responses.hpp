// Dropcontact's answers in leadflow's words: HTTP statuses and error bodies to leadflow.v1 error
// codes, the submit answer (request_id, credits_left), the poll answer (not ready, with the wait
// it asks for, or the data), the account's credits.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace leadflow::dropcontact {

// The request a response answers, named in messages.
enum class Endpoint { submit, poll, account };

// The failure a non-2xx response, a transport error or a 200 with "error": true means;
// nullopt for a usable 2xx response.
std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint);

// A poll failure worth polling again for (transport error, 429, 5xx): the batch is paid for, so
// a passing problem must not lose it.
bool passing(const sdk::HttpResponse& response);

struct Submission {
  std::string request_id;
  std::optional<std::int64_t> credits_left;
};
// {"error": false, "request_id": "...", "success": true, "credits_left": N}; nullopt otherwise.
std::optional<Submission> parse_submission(const sdk::HttpResponse& response);

struct PollAnswer {
  bool ready = false;
  nlohmann::json data;                               // the result records, when ready
  std::optional<std::chrono::milliseconds> retry_in;  // "try again in 30 seconds", when not ready
  std::string reason;
};
// {"data": [...], "success": true} or {"reason": "...", "success": false}; nullopt otherwise.
std::optional<PollAnswer> parse_poll(const sdk::HttpResponse& response);

// FAIL bad_response for a 2xx body the plugin cannot read.
sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint);

// DONE with the account's credits, or FAIL bad_response.
sdk::Outcome account_result(const sdk::HttpResponse& response);

}  // namespace leadflow::dropcontact
