// Dropcontact's responses in leadflow's words. Its bodies carry "error", "success" and, when
// something is wrong or not ready, a "reason" sentence; 404 and 422 bodies carry "detail".
#include "responses.hpp"

#include <cctype>
#include <string>

namespace leadflow::dropcontact {
namespace {

using sdk::ErrorCode;

std::string_view describe(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::submit: return "the batch submit";
    case Endpoint::poll: return "the batch poll";
    case Endpoint::account: return "the credits request";
  }
  return "the request";
}

// The provider's own explanation: "reason", else "detail" (a text or a list of {msg}).
std::string provider_explanation(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object()) return "";
  if (body->contains("reason") && (*body)["reason"].is_string()) return (*body)["reason"].get<std::string>();
  if (!body->contains("detail")) return "";
  const auto& detail = (*body)["detail"];
  if (detail.is_string()) return detail.get<std::string>();
  std::string joined;
  if (detail.is_array())
    for (const auto& entry : detail)
      if (entry.is_object() && entry.contains("msg") && entry["msg"].is_string())
        joined += (joined.empty() ? "" : "; ") + entry["msg"].get<std::string>();
  return joined;
}

std::string as_sentence(std::string text) {
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

std::string with_explanation(std::string sentence, const sdk::HttpResponse& response) {
  const auto explanation = provider_explanation(response);
  if (!explanation.empty()) sentence += " Dropcontact says: " + as_sentence(explanation);
  return sentence;
}

sdk::Outcome transport_failure(const sdk::HttpResponse& response, Endpoint endpoint) {
  const auto code = response.transport_error() == LF_TRANSPORT_TIMEOUT ? ErrorCode::timeout : ErrorCode::transport;
  std::string message = "Dropcontact could not be reached for " + std::string(describe(endpoint)) + " after " +
                        std::to_string(response.attempts()) + " attempt(s)";
  if (!response.error_message().empty()) message += ": " + response.error_message();
  if (endpoint == Endpoint::submit)
    message += ". The batch may have been received and charged; it was not sent again, so no row is paid twice";
  return sdk::fail(code, message + ". Retry later.", true);
}

sdk::Outcome status_failure(const sdk::HttpResponse& response, Endpoint endpoint) {
  const int status = response.status();
  const std::string what(describe(endpoint));
  const auto http = " (HTTP " + std::to_string(status) + ")";
  if (status == 400 || status == 422)
    return sdk::fail(ErrorCode::invalid_input,
                     with_explanation("Dropcontact rejected " + what + " as invalid" + http + "; it is not resent unchanged.",
                                      response),
                     false, status);
  if (status == 401)
    return sdk::fail(ErrorCode::auth_failed,
                     with_explanation("Dropcontact refused the access token for " + what + http +
                                          ": check api_key in the provider config.",
                                      response),
                     false, status);
  // "403 Unauthorized API call: Token exceeded quota": the credits cannot cover the whole batch,
  // so Dropcontact refused all of it. The rows are not at fault; the account is.
  if (status == 403)
    return sdk::fail(ErrorCode::out_of_credits,
                     with_explanation("Dropcontact refused " + what + http +
                                          ": the account's credits cannot cover the whole batch. Top the account up "
                                          "(or send smaller batches) and run again; nothing was charged.",
                                      response),
                     true, status);
  if (status == 404 && endpoint == Endpoint::account)
    return sdk::fail(ErrorCode::unsupported,
                     with_explanation("Dropcontact has no credits endpoint at this base_url" + http +
                                          ": GET /v1/account/credits belongs to the current API (base_url "
                                          "https://api.dropcontact.com); the batch answers carry credits_left too.",
                                      response),
                     false, status);
  if (status == 404)
    return endpoint == Endpoint::poll
               ? sdk::fail(ErrorCode::bad_response,
                           with_explanation("Dropcontact no longer knows this batch" + http +
                                                " (results are kept 30 days). Run the rows again.",
                                            response),
                           true, status)
               : sdk::fail(ErrorCode::bad_response,
                           with_explanation("Dropcontact has no such endpoint for " + what + http +
                                                ": check base_url and batch_path in the provider config.",
                                            response),
                           false, status);
  if (status == 429)
    return sdk::fail(ErrorCode::rate_limited,
                     with_explanation("Dropcontact kept throttling " + what + http + ". Retry later.", response), true,
                     status);
  if (status >= 500) {
    std::string message = "Dropcontact failed on its side for " + what + http;
    if (endpoint == Endpoint::submit)
      message += "; the submit is not idempotent, so it was not resent (a resent batch would be paid twice)";
    return sdk::fail(ErrorCode::provider_unavailable, message + ". Retry later.", true, status);
  }
  return sdk::fail(ErrorCode::bad_response,
                   with_explanation("Dropcontact answered " + what + " with the unexpected HTTP status " +
                                        std::to_string(status) + ".",
                                    response),
                   false, status);
}

// A 200 whose body says "error": true: Dropcontact refused the request itself.
std::optional<sdk::Outcome> refused_in_body(const sdk::HttpResponse& response, Endpoint endpoint) {
  const auto body = response.json();
  if (!body || !body->is_object() || body->value("error", nlohmann::json(false)) != true) return std::nullopt;
  return sdk::fail(ErrorCode::invalid_input,
                   with_explanation("Dropcontact refused " + std::string(describe(endpoint)) + " (HTTP " +
                                        std::to_string(response.status()) + ", error: true).",
                                    response),
                   false, response.status());
}

// "Request not ready yet, try again in 30 seconds" -> 30 s; nullopt when no delay is named.
std::optional<std::chrono::milliseconds> delay_named_in(const std::string& reason) {
  const auto in = reason.find(" in ");
  if (in == std::string::npos) return std::nullopt;
  std::size_t at = in + 4;
  long long seconds = 0;
  std::size_t digits = 0;
  while (at < reason.size() && std::isdigit(static_cast<unsigned char>(reason[at])) && digits < 6) {
    seconds = seconds * 10 + (reason[at++] - '0');
    ++digits;
  }
  if (digits == 0 || reason.compare(at, 7, " second") != 0 || seconds <= 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

}  // namespace

std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint) {
  if (response.failed_in_transport()) return transport_failure(response, endpoint);
  const int status = response.status();
  if (status < 200 || status >= 300) return status_failure(response, endpoint);
  return refused_in_body(response, endpoint);
}

bool passing(const sdk::HttpResponse& response) {
  return response.failed_in_transport() || response.status() == 429 || response.status() >= 500;
}

std::optional<Submission> parse_submission(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object() || body->value("success", nlohmann::json()) != true) return std::nullopt;
  const auto request_id = body->value("request_id", nlohmann::json());
  if (!request_id.is_string() || request_id.get<std::string>().empty()) return std::nullopt;
  Submission submission{request_id.get<std::string>(), std::nullopt};
  const auto credits = body->value("credits_left", nlohmann::json());
  if (credits.is_number()) submission.credits_left = credits.get<std::int64_t>();
  return submission;
}

std::optional<PollAnswer> parse_poll(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object()) return std::nullopt;
  const auto success = body->value("success", nlohmann::json());
  if (success == true) {
    if (!body->contains("data") || !(*body)["data"].is_array()) return std::nullopt;
    return PollAnswer{true, (*body)["data"], std::nullopt, ""};
  }
  if (success != false) return std::nullopt;
  const auto reason = body->value("reason", nlohmann::json(""));
  const auto text = reason.is_string() ? reason.get<std::string>() : std::string();
  return PollAnswer{false, nlohmann::json(), delay_named_in(text), text};
}

sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint) {
  return sdk::fail(ErrorCode::bad_response,
                   "Dropcontact answered " + std::string(describe(endpoint)) + " (HTTP " +
                       std::to_string(response.status()) + ") with a body that is not the documented JSON.",
                   false, response.status());
}

sdk::Outcome account_result(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("credits") || !(*body)["credits"].is_number())
    return unreadable(response, Endpoint::account);
  return sdk::done({{"status", "done"}, {"credits_remaining", (*body)["credits"]}, {"raw", *body}}, 0);
}

}  // namespace leadflow::dropcontact
