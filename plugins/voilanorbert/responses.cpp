// VoilaNorbert's responses in leadflow's words. Error bodies come in two documented shapes:
// {"code": 429, "error": "..."} and, for form posts, {"field": ["message", ...]}.
#include "responses.hpp"

#include <algorithm>
#include <string>

namespace leadflow::voilanorbert {
namespace {

using sdk::ErrorCode;

std::string_view describe(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::search_name: return "the name search";
    case Endpoint::contact: return "the contact poll";
    case Endpoint::account: return "the account request";
    case Endpoint::search_domain: return "the domain search";
    case Endpoint::contacts: return "the contacts listing";
    case Endpoint::lists: return "the lists request";
    case Endpoint::list: return "the list request";
    case Endpoint::list_items: return "adding contacts to the list";
    case Endpoint::organization: return "the organization request";
    case Endpoint::credits: return "the credits request";
    case Endpoint::verify_upload: return "the verification upload";
    case Endpoint::verify_status: return "the verification status";
    case Endpoint::verify_download: return "the verification download";
    case Endpoint::verify_control: return "pausing or resuming the verification";
    case Endpoint::enrich_upload: return "the enrichment upload";
    case Endpoint::enrich_status: return "the enrichment status";
    case Endpoint::enrich_download: return "the enrichment download";
    case Endpoint::enrich_control: return "pausing or resuming the enrichment";
    case Endpoint::massive_submit: return "the bulk search submission";
    case Endpoint::massives: return "the bulk search listing";
    case Endpoint::massive: return "the bulk search request";
  }
  return "the request";
}

// The provider's own explanation: "error" of {code, error}, or "field: message" per form field.
std::string provider_explanation(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body || !body->is_object()) return "";
  if (body->contains("error") && (*body)["error"].is_string()) return (*body)["error"].get<std::string>();
  std::string explanation;
  for (const auto& [field, messages] : body->items()) {
    if (!messages.is_array()) continue;
    std::string joined;
    for (const auto& message : messages)
      if (message.is_string()) joined += (joined.empty() ? "" : " ") + message.get<std::string>();
    if (joined.empty()) continue;
    explanation += (explanation.empty() ? "the " : "; the ") + field + ": " + joined;
  }
  return explanation;
}

// Ends `text` with a full stop unless it already ends a sentence.
std::string as_sentence(std::string text) {
  if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

std::string with_explanation(std::string sentence, const sdk::HttpResponse& response) {
  const auto explanation = provider_explanation(response);
  if (!explanation.empty()) sentence += " VoilaNorbert says: " + as_sentence(explanation);
  return sentence;
}

sdk::Outcome transport_failure(const sdk::HttpResponse& response, Endpoint endpoint) {
  const auto code = response.transport_error() == LF_TRANSPORT_TIMEOUT ? ErrorCode::timeout : ErrorCode::transport;
  std::string message = "VoilaNorbert could not be reached for " + std::string(describe(endpoint)) + " after " +
                        std::to_string(response.attempts()) + " attempt(s)";
  if (!response.error_message().empty()) message += ": " + response.error_message();
  return sdk::fail(code, message + ". Retry later.", true);
}

// 400 on /search/name: a form error, or (the docs warn) a domain VoilaNorbert cannot locate.
sdk::Outcome rejected_input(const sdk::HttpResponse& response, Endpoint endpoint) {
  const auto explanation = provider_explanation(response);
  std::string message = explanation.empty()
                            ? "VoilaNorbert rejected " + std::string(describe(endpoint)) + " as invalid (HTTP 400)."
                            : as_sentence("VoilaNorbert rejected " + explanation);
  return sdk::fail(ErrorCode::invalid_input, message, false, 400);
}

}  // namespace

std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint) {
  if (response.failed_in_transport()) return transport_failure(response, endpoint);
  const int status = response.status();
  if (status >= 200 && status < 300) return std::nullopt;
  const std::string what(describe(endpoint));
  if (status == 400) return rejected_input(response, endpoint);
  if (status == 401 || status == 403)
    return sdk::fail(ErrorCode::auth_failed,
                     with_explanation("VoilaNorbert refused the API key for " + what + " (HTTP " +
                                          std::to_string(status) + "): check api_key in the provider config.",
                                      response),
                     false, status);
  // VoilaNorbert: a 402 on an upload can mean "Please provide a webhook", not a lack of credits.
  if (status == 402 && provider_explanation(response).find("webhook") != std::string::npos)
    return sdk::fail(ErrorCode::invalid_input,
                     with_explanation("VoilaNorbert refused " + what + " because no webhook was given (HTTP 402, not a "
                                      "credit problem): set webhook_url in the provider config; any URL will do, results "
                                      "are collected by polling.",
                                      response),
                     false, status);
  if (status == 404)
    return sdk::fail(ErrorCode::invalid_input,
                     with_explanation("VoilaNorbert does not know what " + what + " names (HTTP 404): check the id or token.",
                                      response),
                     false, status);
  if (status == 402)
    return sdk::fail(ErrorCode::out_of_credits,
                     with_explanation("VoilaNorbert has no credits left on this account (HTTP 402): top it up or "
                                      "use another provider.",
                                      response),
                     false, status);
  if (status == 429)
    return sdk::fail(ErrorCode::rate_limited,
                     with_explanation("VoilaNorbert kept throttling " + what + " (HTTP 429). Retry later.", response),
                     true, status);
  if (status >= 500)
    return sdk::fail(ErrorCode::provider_unavailable,
                     "VoilaNorbert failed on its side for " + what + " (HTTP " + std::to_string(status) +
                         "). Retry later.",
                     true, status);
  return sdk::fail(ErrorCode::bad_response,
                   with_explanation("VoilaNorbert answered " + what + " with the unexpected HTTP status " +
                                        std::to_string(status) + ".",
                                    response),
                   false, status);
}

std::optional<Contact> parse_contact(const sdk::HttpResponse& response) {
  auto body = response.json();
  if (!body || !body->is_object() || !body->contains("id")) return std::nullopt;
  const auto& id = (*body)["id"];
  if (!id.is_number_integer()) return std::nullopt;
  const auto& email = body->value("email", nlohmann::json());
  const bool email_readable = email.is_null() || (email.is_object() && email.contains("email") &&
                                                  email["email"].is_string() && email.value("score", nlohmann::json()).is_number());
  if (!email_readable) return std::nullopt;
  const auto searching = body->value("searching", nlohmann::json(false));
  if (!searching.is_boolean()) return std::nullopt;
  return Contact{id.get<std::int64_t>(), searching.get<bool>(), std::move(*body)};
}

sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint) {
  return sdk::fail(ErrorCode::bad_response,
                   "VoilaNorbert answered " + std::string(describe(endpoint)) + " (HTTP " +
                       std::to_string(response.status()) + ") with a body that is not the documented JSON.",
                   false, response.status());
}

namespace {

// The docs print some answers with Python literals ("success": True); read True, False and None
// outside strings as JSON's true, false and null.
std::string with_json_literals(std::string_view text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    bool replaced = false;
    for (const auto& [python, json] : {std::pair{"True", "true"}, std::pair{"False", "false"}, std::pair{"None", "null"}})
      if (text.substr(i).starts_with(python)) {
        out += json;
        i += std::string_view(python).size() - 1;
        replaced = true;
        break;
      }
    if (!replaced) out += c;
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> json_object(const sdk::HttpResponse& response) {
  auto body = response.json();
  if (!body) {
    auto lenient = nlohmann::json::parse(with_json_literals(response.body()), nullptr, false);
    if (!lenient.is_discarded()) body = std::move(lenient);
  }
  if (!body || !body->is_object()) return std::nullopt;
  return body;
}

int confidence_from_score(double score) { return static_cast<int>(std::clamp(score, 0.0, 100.0)); }

// The docs: 1 credit only when at least one email is found; `email` is null when none was.
sdk::Outcome contact_result(const Contact& contact) {
  const auto& email = contact.raw["email"];
  if (email.is_null())
    return sdk::done({{"status", "not_found"}, {"contact_id", contact.id}, {"raw", contact.raw}}, 0);
  const int score = confidence_from_score(email["score"].get<double>());
  return sdk::done({{"status", "found"},
                    {"email", email["email"]},
                    {"confidence", score},
                    {"score", score},
                    {"contact_id", contact.id},
                    {"raw", contact.raw}},
                   1);
}

sdk::Outcome account_result(const sdk::HttpResponse& response) {
  auto body = response.json();
  if (!body || !body->is_object()) return unreadable(response, Endpoint::account);
  // The documented account object echoes the account's API token: never pass it on.
  body->erase("api_token");
  auto number_at = [&](const nlohmann::json::json_pointer& at) {
    return body->contains(at) && (*body)[at].is_number() ? (*body)[at] : nlohmann::json();
  };
  const auto credits_remaining = number_at("/credits/remains"_json_pointer);
  if (credits_remaining.is_null()) return unreadable(response, Endpoint::account);
  const auto plan = body->contains("/plan/display"_json_pointer) ? (*body)["/plan/display"_json_pointer] : nlohmann::json();
  return sdk::done({{"status", "done"},
                    {"credits_remaining", credits_remaining},
                    {"credits_total", number_at("/credits/total"_json_pointer)},
                    {"verify_remaining", number_at("/balance/verify/remaining"_json_pointer)},
                    {"enrich_remaining", number_at("/balance/enrich/remaining"_json_pointer)},
                    {"plan", plan},
                    {"raw", *body}},
                   0);
}

}  // namespace leadflow::voilanorbert
