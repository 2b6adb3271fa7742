// Verifalia's HTTP statuses and problem+json bodies; see problem_details.hpp. The table of
// statuses follows the "HTTP status codes" section of the API reference.
#include "problem_details.hpp"

namespace leadflow::verifalia {
namespace {

using sdk::ErrorCode;

std::string as_sentence(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

std::string string_at(const nlohmann::json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : std::string();
}

}  // namespace

std::optional<ProblemDetails> parse_problem(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object()) return std::nullopt;
  ProblemDetails problem{string_at(*body, "type"), string_at(*body, "title"), string_at(*body, "detail")};
  if (problem.type.empty() && problem.title.empty() && problem.detail.empty()) return std::nullopt;
  return problem;
}

std::string provider_explanation(const sdk::HttpResponse& response) {
  const auto problem = parse_problem(response);
  if (!problem) return "";
  std::string text = problem->title;
  if (!problem->detail.empty()) text += (text.empty() ? "" : ": ") + problem->detail;
  if (text.empty()) text = problem->type;
  return " Verifalia says: " + as_sentence(text);
}

sdk::Outcome failure_for(const sdk::HttpResponse& response, const std::string& what) {
  const int status = response.status();
  const auto http = " (HTTP " + std::to_string(status) + ").";
  const auto says = provider_explanation(response);
  switch (status) {
    case 400:
      return sdk::fail(ErrorCode::invalid_input, "Verifalia rejected " + what + " as a bad request" + http + says, false, status);
    case 401: {
      const auto problem = parse_problem(response);
      if (problem && problem->type.find("captcha") != std::string::npos)
        return sdk::fail(ErrorCode::auth_failed,
                         "Verifalia requires a CAPTCHA token for " + what + http +
                             " Bot detection is on for this user: turn it off for API users in the client area." + says,
                         false, status);
      return sdk::fail(ErrorCode::auth_failed,
                       "Verifalia refused the credentials for " + what + http + " Check username, password and auth." + says, false,
                       status);
    }
    case 402:
      return sdk::fail(ErrorCode::out_of_credits,
                       "Verifalia has too few credits (or the monthly limit is reached) for " + what + http +
                           " Top the account up or use another verifier." + says,
                       false, status);
    case 403:
      return sdk::fail(ErrorCode::auth_failed,
                       "Verifalia does not allow this user " + what + http +
                           " Grant the permission in the client area (retention needs a delete permission)." + says,
                       false, status);
    case 404:
    case 410:
      return sdk::fail(ErrorCode::invalid_input,
                       "Verifalia has no such job for " + what + (status == 410 ? ": it was deleted or has expired" : "") + http + says,
                       false, status);
    case 406:
      return sdk::fail(ErrorCode::invalid_input, "Verifalia cannot do " + what + " in the job's current state" + http + says, false,
                       status);
    case 415:
      return sdk::fail(ErrorCode::invalid_input,
                       "Verifalia does not support the content type (or charset) of " + what + http + says, false, status);
    case 429:
      return sdk::fail(ErrorCode::rate_limited, "Verifalia kept throttling " + what + http + " Retry later." + says, true, status);
    default: break;
  }
  if (status >= 500)
    return sdk::fail(ErrorCode::provider_unavailable, "Verifalia failed on its side for " + what + http + " Retry later." + says,
                     true, status);
  return sdk::fail(ErrorCode::bad_response, "Verifalia answered " + what + " with the unexpected HTTP status " +
                                                std::to_string(status) + "." + says,
                   false, status);
}

sdk::Outcome unreadable(const sdk::HttpResponse& response, const std::string& what) {
  return sdk::fail(ErrorCode::bad_response,
                   "Verifalia answered " + what + " (HTTP " + std::to_string(response.status()) +
                       ") with a body that is not the documented JSON.",
                   false, response.status());
}

}  // namespace leadflow::verifalia
