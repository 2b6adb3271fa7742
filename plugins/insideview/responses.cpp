// InsideView's answers in leadflow's words; see responses.hpp.
#include "responses.hpp"

#include "xml_fields.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::insideview {
namespace {

using sdk::ErrorCode;

std::string_view describe(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::login: return "the token request";
    case Endpoint::submit_job: return "the contact job submission";
    case Endpoint::job_status: return "the job status request";
    case Endpoint::job_results: return "the job results download";
    case Endpoint::contact_details: return "the contact details request";
    case Endpoint::contact_bulk: return "the bulk contact details request";
    case Endpoint::jobs_list: return "the jobs list request";
  }
  return "the request";
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string as_sentence(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

std::string with_explanation(std::string sentence, const sdk::HttpResponse& response) {
  const auto explanation = provider_message(response);
  if (!explanation.empty()) sentence += " InsideView says: " + as_sentence(explanation);
  return sentence;
}

std::optional<std::string> json_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return std::nullopt;
}

sdk::Outcome transport_failure(const sdk::HttpResponse& response, Endpoint endpoint) {
  const auto code = response.transport_error() == LF_TRANSPORT_TIMEOUT ? ErrorCode::timeout : ErrorCode::transport;
  std::string message = "InsideView could not be reached for " + std::string(describe(endpoint)) + " after " +
                        std::to_string(response.attempts()) + " attempt(s)";
  if (!response.error_message().empty()) message += ": " + response.error_message();
  return sdk::fail(code, message + ". Retry later.", true);
}

sdk::Outcome rejected(const sdk::HttpResponse& response, Endpoint endpoint) {
  const std::string what(describe(endpoint));
  switch (rejection_of(response)) {
    case Rejection::jobs_running:
      return sdk::fail(ErrorCode::rate_limited,
                       with_explanation("InsideView kept refusing " + what + " because two jobs are already running (HTTP 400). "
                                        "Retry once they have finished.",
                                        response),
                       true, 400);
    case Rejection::quota:
      return sdk::fail(ErrorCode::out_of_credits,
                       with_explanation("InsideView has not enough transaction quota left for " + what +
                                            " (HTTP 400): wait for the next quota period or raise the contract's quota.",
                                        response),
                       false, 400);
    case Rejection::invalid: break;
  }
  return sdk::fail(ErrorCode::invalid_input, with_explanation("InsideView rejected " + what + " as invalid (HTTP 400).", response),
                   false, 400);
}

}  // namespace

std::string provider_message(const sdk::HttpResponse& response) {
  if (const auto body = response.json(); body && body->is_object()) {
    for (const char* key : {"message", "errorMessage", "error_description", "error", "description"}) {
      if (!body->contains(key)) continue;
      const auto& value = (*body)[key];
      if (value.is_string()) return value.get<std::string>();
      if (value.is_object() && value.contains("message") && value["message"].is_string()) return value["message"].get<std::string>();
    }
    return "";
  }
  for (const char* element : {"message", "errorMessage", "error", "description"})
    if (auto text = xml_element_text(response.body(), element); text && !text->empty() && !looks_like_xml(*text)) return *text;
  return "";
}

Rejection rejection_of(const sdk::HttpResponse& response) {
  const auto message = lower(provider_message(response));
  if (message.find("already running") != std::string::npos || message.find("too many job") != std::string::npos ||
      message.find("processing queue") != std::string::npos)
    return Rejection::jobs_running;
  if (message.find("quota") != std::string::npos) return Rejection::quota;
  return Rejection::invalid;
}

std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint) {
  if (response.failed_in_transport()) return transport_failure(response, endpoint);
  const int status = response.status();
  if (status >= 200 && status < 300) return std::nullopt;
  const std::string what(describe(endpoint));
  const auto http = " (HTTP " + std::to_string(status) + ")";
  if (status == 400) return rejected(response, endpoint);
  if (status == 401 || status == 403) {
    const auto hint = endpoint == Endpoint::login ? ": check client_id and client_secret in the provider config."
                                                  : ": check access_token (or client_id and client_secret) in the provider config.";
    return sdk::fail(ErrorCode::auth_failed, with_explanation("InsideView refused the credentials for " + what + http + hint, response),
                     false, status);
  }
  if (status == 404 && (endpoint == Endpoint::job_status || endpoint == Endpoint::job_results))
    return sdk::fail(ErrorCode::bad_response,
                     with_explanation("InsideView does not know the job asked for by " + what + http + ".", response), false, status);
  if (status == 405)
    return sdk::fail(ErrorCode::unsupported,
                     with_explanation("InsideView does not allow this account to use " + what + http +
                                          ": the API is not in the contract.",
                                      response),
                     false, status);
  if (status == 415)
    return sdk::fail(ErrorCode::internal,
                     with_explanation("InsideView says " + what + " lacked its Content-Type" + http + ": a plugin bug, please report it.",
                                      response),
                     false, status);
  if (status == 429)
    return sdk::fail(ErrorCode::rate_limited,
                     with_explanation("InsideView kept throttling " + what + http + " after the account's lock-out windows. Retry later.",
                                      response),
                     true, status);
  if (status >= 500)
    return sdk::fail(ErrorCode::provider_unavailable, "InsideView failed on its side for " + what + http + ". Retry later.", true, status);
  return sdk::fail(ErrorCode::bad_response,
                   with_explanation("InsideView answered " + what + " with the unexpected HTTP status " + std::to_string(status) + ".", response),
                   false, status);
}

sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint) {
  return sdk::fail(ErrorCode::bad_response,
                   "InsideView answered " + std::string(describe(endpoint)) + " (HTTP " + std::to_string(response.status()) +
                       ") with a body that is not the documented JSON or XML.",
                   false, response.status());
}

std::optional<std::string> body_field(const sdk::HttpResponse& response, std::string_view name) {
  if (const auto body = response.json()) {
    if (!body->is_object() || !body->contains(name)) return std::nullopt;
    return json_text((*body)[std::string(name)]);
  }
  return xml_element_text(response.body(), name);
}

}  // namespace leadflow::insideview
