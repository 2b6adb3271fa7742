// Maps VoilaNorbert's answers onto leadflow's vocabulary: contacts to find_email outputs, the
// account to credits, HTTP statuses and error bodies to leadflow.v1 error codes. The one place
// where VoilaNorbert's wording lives.
#pragma once

#include <leadflow/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace leadflow::voilanorbert {

// The request a response answers, named in messages.
enum class Endpoint {
  search_name, contact, account, search_domain, contacts, lists, list, list_items, organization, credits,
  verify_upload, verify_status, verify_download, verify_control,
  enrich_upload, enrich_status, enrich_download, enrich_control,
  massive_submit, massives, massive
};

// The contact object that both POST /search/name and GET /contacts/{id} return.
struct Contact {
  std::int64_t id = 0;
  bool searching = false;
  nlohmann::json raw;
};

// The failure a non-2xx response or a transport error means; nullopt for a 2xx response.
std::optional<sdk::Outcome> failure_for(const sdk::HttpResponse& response, Endpoint endpoint);

// The contact in a 2xx body; nullopt when the body is not a contact.
std::optional<Contact> parse_contact(const sdk::HttpResponse& response);

// FAIL bad_response for a 2xx body the plugin cannot read.
sdk::Outcome unreadable(const sdk::HttpResponse& response, Endpoint endpoint);

// DONE for a contact VoilaNorbert finished searching: found (1 credit) or not_found (free).
sdk::Outcome contact_result(const Contact& contact);

// DONE with the account's credits and balances, or FAIL bad_response.
sdk::Outcome account_result(const sdk::HttpResponse& response);

// The provider's answer as an object; nullopt when the 2xx body is not a JSON object.
std::optional<nlohmann::json> json_object(const sdk::HttpResponse& response);

// VoilaNorbert's score (100 SMTP-valid, 80 found but not validated, 5 outside sources) as a
// 0-100 confidence. The scale already matches ours, so it passes through, clamped.
int confidence_from_score(double score);

}  // namespace leadflow::voilanorbert
