// The probe API's answers in leadflow's words. Error bodies have one shape: {"error": "..."}.
#include "responses.hpp"

#include <string_view>

namespace leadflow::probe {
namespace {

using sdk::ErrorCode;

std::string_view describe(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::lookup: return "the lookup";
    case Endpoint::batch: return "the batch lookup";
    case Endpoint::job_submit: return "the job submission";
    case Endpoint::job_poll: return "the job poll";
    case Endpoint::account: return "the account request";
  }
  return "the request";
}

std::string with_explanation(std::string sentence, const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (body && body->is_object() && body->contains("error") && (*body)["error"].is_string())
    sentence += " probe says: " + (*body)["error"].get<std::string>() + ".";
  return sentence;
}

sdk::Outcome transport_failure(const sdk::HttpResponse& response, Endpoint endpoint) {
  const auto code = response.transport_error() == LF_TRANSPORT_TIMEOUT ? ErrorCode::timeout : ErrorCode::transport;
  std::string message = "probe could not be reached for " + std::string(describe(endpoint)) + " after " +
                        std::to_string(response.attempts()) + " attempt(s)";
  if (!response.error_message().empty()) message += ": " + response.error_message();
  return sdk::fail(code, message + ".", true);
}

}  // namespace

std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint) {
  if (response.failed_in_transport()) return transport_failure(response, endpoint);
  const int status = response.status();
  if (status >= 200 && status < 300) return std::nullopt;
  const std::string what(describe(endpoint));
  const std::string http = " (HTTP " + std::to_string(status) + ").";
  if (status == 400) return sdk::fail(ErrorCode::invalid_input, with_explanation("probe rejected " + what + " as invalid" + http, response), false, status);
  if (status == 401 || status == 403)
    return sdk::fail(ErrorCode::auth_failed, with_explanation("probe refused the API key for " + what + http, response), false, status);
  if (status == 402)
    return sdk::fail(ErrorCode::out_of_credits, with_explanation("probe has no credits left for " + what + http, response), false, status);
  if (status == 429)
    return sdk::fail(ErrorCode::rate_limited, with_explanation("probe kept throttling " + what + http, response), true, status);
  if (status >= 500)
    return sdk::fail(ErrorCode::provider_unavailable, with_explanation("probe failed on its side for " + what + http, response), true, status);
  return sdk::fail(ErrorCode::bad_response, with_explanation("probe answered " + what + " with an unexpected status" + http, response), false, status);
}

sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint) {
  return sdk::fail(ErrorCode::bad_response,
                   "probe answered " + std::string(describe(endpoint)) + " (HTTP " + std::to_string(response.status()) +
                       ") with a body that is not the documented JSON.",
                   false, response.status());
}

std::optional<Answer> parse_answer(const nlohmann::json& object) {
  if (!object.is_object() || !object.contains("found") || !object["found"].is_boolean()) return std::nullopt;
  Answer answer{object["found"].get<bool>(), std::nullopt, object};
  const auto value = object.value("value", nlohmann::json());
  if (value.is_string()) answer.value = value.get<std::string>();
  if (answer.found && !answer.value) return std::nullopt;  // a found key always has a value
  return answer;
}

nlohmann::json output_of(const Answer& answer) {
  nlohmann::json output = {{"status", answer.found ? "found" : "not_found"}};
  if (answer.found) output["value"] = *answer.value;
  output["raw"] = answer.raw;
  return output;
}

sdk::Outcome answer_result(const Answer& answer) { return sdk::done(output_of(answer), answer.found ? 1 : 0); }

sdk::Outcome account_result(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("credits") || !(*body)["credits"].is_number_integer())
    return unreadable(response, Endpoint::account);
  return sdk::done({{"credits", (*body)["credits"]}, {"raw", *body}}, 0);
}

}  // namespace leadflow::probe
