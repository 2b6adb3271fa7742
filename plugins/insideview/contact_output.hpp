// An InsideView contact (a row of the job results, or a Contact Details object) in leadflow's
// enrich_person vocabulary, with the contact kept whole under "raw". The one place where
// InsideView's field names and its emailValidationStatus codes are mapped.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace leadflow::insideview {

// emailValidationStatus on the verify_email scale: ValidEmail -> deliverable, ValidDomain ->
// risky, InvalidEmail -> undeliverable, anything else (failed, processing, unknown) -> unknown.
std::string_view email_status_of(std::string_view validation_status);

// {"status": "found", first_name, ..., "raw": contact}, or not_found when the contact carries
// neither a name nor an email (InsideView knows nothing more than the id). Empty cells are left
// out, never output as empty strings.
nlohmann::json contact_output(const nlohmann::ordered_json& contact);

// not_found for an id InsideView's answer does not mention at all.
nlohmann::json missing_contact_output(const std::string& id);

// The contactId of a contact, as text ("" when absent).
std::string contact_id_of(const nlohmann::ordered_json& contact);

}  // namespace leadflow::insideview
