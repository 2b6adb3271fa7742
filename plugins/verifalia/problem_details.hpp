// Verifalia's failures in leadflow's words: the problem+json body (RFC 9457, API v2.6) read into
// the message, and each documented HTTP status mapped onto the closed list of error codes.
#pragma once

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>

namespace leadflow::verifalia {

struct ProblemDetails {
  std::string type;    // e.g. "/problems/forbidden"
  std::string title;   // e.g. "Access denied"
  std::string detail;  // the long explanation
};

// The problem document of an error answer; nullopt when the body is not one ("API consumers
// need to be resilient and not assume that they'll always receive a problem details document").
std::optional<ProblemDetails> parse_problem(const sdk::HttpResponse& response);

// " Verifalia says: <title>: <detail>." or "" when the body explains nothing.
std::string provider_explanation(const sdk::HttpResponse& response);

// FAIL for an answer that is not a success, naming `what` ("the job submission"):
// 400 and 415 invalid_input, 401 and 403 auth_failed, 402 out_of_credits, 404 and 410
// invalid_input (no such job), 406 invalid_input (not in a state to do that), 429 rate_limited,
// 5xx provider_unavailable, anything else bad_response.
sdk::Outcome failure_for(const sdk::HttpResponse& response, const std::string& what);

// FAIL bad_response for a success answer whose body is not the documented JSON.
sdk::Outcome unreadable(const sdk::HttpResponse& response, const std::string& what);

}  // namespace leadflow::verifalia
