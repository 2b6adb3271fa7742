// Dropcontact's result records in leadflow's vocabulary: one record becomes an enrich_person,
// find_email or verify_email output, with the record kept whole under "raw". The one place where
// Dropcontact's field names (linkedin, job, company_linkedin...) meet ours.
#pragma once

#include <leadflow/plugin.hpp>

#include <string>

#include "batch_items.hpp"

namespace leadflow::dropcontact {

// The output for one result record. `sent` is the record we submitted (verify_email looks up
// the address it asked about among the record's emails).
nlohmann::json output_for(Capability capability, const nlohmann::json& result, const nlohmann::json& sent);

// Whether the result holds at least one email (Dropcontact refunds a record without one, unless
// an email was given).
bool has_email(const nlohmann::json& result);

}  // namespace leadflow::dropcontact
