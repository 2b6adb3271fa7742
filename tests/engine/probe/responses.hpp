// Maps the probe API's answers onto leadflow's vocabulary: lookup answers to outputs, HTTP
// statuses and transport errors to leadflow.v1 error codes. The one place where the probe API's
// wording lives.
#pragma once

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>

namespace leadflow::probe {

// The request a response answers, named in messages.
enum class Endpoint { lookup, batch, job_submit, job_poll, account };

// What the probe API says about one key.
struct Answer {
  bool found = false;
  std::optional<std::string> value;  // present when found
  nlohmann::json raw;                // the answer object as received
};

// The failure a non-2xx response or a transport error means; nullopt for a 2xx response.
// Every message names the HTTP status (or the transport error).
std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint);

// FAIL bad_response for a 2xx body the plugin cannot read.
sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint);

// {"found": bool, "value": string|null, ...}; nullopt when `object` is not such an answer.
std::optional<Answer> parse_answer(const nlohmann::json& object);

// The capability output: {"status": "found"|"not_found", "value" (when found), "raw"}.
nlohmann::json output_of(const Answer& answer);

// DONE with output_of(answer); 1 credit when found (the probe API charges found answers only).
sdk::Outcome answer_result(const Answer& answer);

// DONE {"credits", "raw"} from GET /account, or FAIL bad_response.
sdk::Outcome account_result(const sdk::HttpResponse& response);

}  // namespace leadflow::probe
