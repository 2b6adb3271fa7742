// Snov.io's errors in leadflow's words; see responses.hpp.
#include "responses.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::snov {
namespace {

using sdk::ErrorCode;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string with_explanation(std::string sentence, const std::optional<nlohmann::json>& body) {
  const auto explanation = body ? provider_message(*body) : std::string();
  if (!explanation.empty()) sentence += " Snov.io says: " + as_sentence(explanation);
  return sentence;
}

}  // namespace

std::string as_sentence(std::string text) {
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

std::string provider_message(const nlohmann::json& body) {
  const auto& object = body.is_array() && !body.empty() ? body[0] : body;
  if (!object.is_object()) return "";
  for (const char* key : {"message", "error_description", "errors", "error"}) {
    if (!object.contains(key)) continue;
    const auto& value = object[key];
    if (value.is_string() && !value.get<std::string>().empty()) return value.get<std::string>();
    if (value.is_object()) {
      std::string joined;
      for (const auto& [field, text] : value.items())
        joined += (joined.empty() ? "" : "; ") + field + ": " + (text.is_string() ? text.get<std::string>() : text.dump());
      if (!joined.empty()) return joined;
    }
  }
  return "";
}

bool is_cap_refusal(const nlohmann::json& body) {
  return lowercase(provider_message(body)).find("too many prospects processing") != std::string::npos;
}

std::optional<sdk::Outcome> business_failure(const nlohmann::json& body, const std::string& what) {
  const auto& object = body.is_array() && !body.empty() ? body[0] : body;
  if (!object.is_object() || !object.contains("success") || object["success"] != false) return std::nullopt;
  const auto explanation = provider_message(object);
  const auto lowered = lowercase(explanation);
  if (lowered.find("credit") != std::string::npos)
    return sdk::fail(ErrorCode::out_of_credits,
                     "Snov.io has no credits left for " + what + ": top the account up or use another provider. Snov.io says: " +
                         as_sentence(explanation));
  return sdk::fail(ErrorCode::invalid_input,
                   explanation.empty() ? "Snov.io refused " + what + " without saying why."
                                       : "Snov.io refused " + what + ": " + as_sentence(explanation));
}

sdk::Outcome transport_failure(const sdk::HttpResponse& response, const std::string& what) {
  const auto code = response.transport_error() == LF_TRANSPORT_TIMEOUT ? ErrorCode::timeout : ErrorCode::transport;
  std::string message = "Snov.io could not be reached for " + what + " after " + std::to_string(response.attempts()) + " attempt(s)";
  if (!response.error_message().empty()) message += ": " + response.error_message();
  return sdk::fail(code, message + ". Retry later.", true);
}

sdk::Outcome status_failure(const sdk::HttpResponse& response, const std::string& what) {
  const int status = response.status();
  const auto body = response.json();
  const auto code = " (HTTP " + std::to_string(status) + ")";
  if (status == 401)
    return sdk::fail(ErrorCode::auth_failed,
                     with_explanation("Snov.io refused the access token for " + what + code +
                                          " even after a fresh one: check client_id and client_secret.",
                                      body),
                     false, status);
  if (status == 403)
    return sdk::fail(ErrorCode::auth_failed,
                     with_explanation("Snov.io does not allow " + what + " for this account" + code + ": check the plan.", body),
                     false, status);
  if (status == 402)
    return sdk::fail(ErrorCode::out_of_credits, with_explanation("Snov.io has no credits left for " + what + code + ".", body), false, status);
  if (status == 429)
    return sdk::fail(ErrorCode::rate_limited, with_explanation("Snov.io kept throttling " + what + code + ". Retry later.", body), true, status);
  if (status >= 500)
    return sdk::fail(ErrorCode::provider_unavailable, "Snov.io failed on its side for " + what + code + ". Retry later.", true, status);
  if (status == 400 || status == 404 || status == 422)
    return sdk::fail(ErrorCode::invalid_input, with_explanation("Snov.io rejected " + what + code + ".", body), false, status);
  return sdk::fail(ErrorCode::bad_response, with_explanation("Snov.io answered " + what + " with the unexpected status" + code + ".", body),
                   false, status);
}

sdk::Outcome unreadable(const std::string& what, int status) {
  return sdk::fail(ErrorCode::bad_response,
                   "Snov.io answered " + what + " (HTTP " + std::to_string(status) + ") with a body that is not the documented JSON.",
                   false, status);
}

}  // namespace leadflow::snov
