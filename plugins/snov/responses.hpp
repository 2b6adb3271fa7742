// Snov.io's answers in leadflow's error vocabulary: transport errors and HTTP statuses, the
// 200-with-"success": false business errors, and the hourly-cap refusal. The one place where
// Snov's error wording is read.
#pragma once

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>

namespace leadflow::snov {

sdk::Outcome transport_failure(const sdk::HttpResponse& response, const std::string& what);
// The failure a non-2xx status means (401 after the refresh, 403, 4xx, 429, 5xx).
sdk::Outcome status_failure(const sdk::HttpResponse& response, const std::string& what);
// FAIL bad_response for an answer the plugin cannot read.
sdk::Outcome unreadable(const std::string& what, int status);

// Snov's own explanation in a body: "message", "errors" (text or {field: text}), or an OAuth
// "error_description"; "" when there is none.
std::string provider_message(const nlohmann::json& body);
// True for "There are too many prospects processing. Please try later".
bool is_cap_refusal(const nlohmann::json& body);
// {"success": false, ...}: out_of_credits when Snov speaks of credits, else invalid_input with
// Snov's words. nullopt when the body does not say success false.
std::optional<sdk::Outcome> business_failure(const nlohmann::json& body, const std::string& what);

// Ends `text` with a full stop unless it already ends a sentence.
std::string as_sentence(std::string text);

}  // namespace leadflow::snov
