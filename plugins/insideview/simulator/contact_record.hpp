// A world person as InsideView describes a contact: the Contact Details fields (contactId,
// companyId, companyName, names, titles, email with InsideView's emailValidationStatus, phone,
// social handles), in JSON for the synchronous endpoints and as a row of the bulk job's CSV
// results. The CSV columns are not documented anywhere; they mirror the Contact Details fields.
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::insideview_sim {

// InsideView's validation status of an address, from the world's verdict: ValidEmail (green),
// ValidDomain (light green: the domain accepts everything, the mailbox is unconfirmed),
// InvalidEmail (red). InsideView has no code for a full mailbox: it exists, so ValidEmail.
std::string_view email_validation_status(const sandbox::FakeWorld& world, const sandbox::Person& person);

// The company id InsideView would give the person's employer.
std::int64_t company_id_of(const sandbox::FakeWorld& world, const sandbox::Person& person);

// The Contact Details object of GET /contact/{id} and POST /contact/bulk.
nlohmann::ordered_json contact_json(const sandbox::FakeWorld& world, const sandbox::Person& person);

// The results file of a contacts job: a header row, then one row per id in submission order;
// an id InsideView does not know gets a row with only its contactId.
std::vector<std::string> csv_columns();
std::string results_csv(const sandbox::FakeWorld& world, const std::vector<std::string>& ids);

}  // namespace leadflow::insideview_sim
