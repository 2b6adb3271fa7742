// The per-email results of verification and enrichment jobs, as the webhook `results` objects and
// as the rows of the downloaded CSV (whose columns are the same fields, in the same order).
// Verification: the docs name {email, is_deliverable, is_risky, is_bounce, error_msg}; the world's
// verdict_of decides which flag is set and error_msg says why. Enrichment: the docs copy the
// verify fields by mistake; we use the fields a public client reads (research §1):
// {email, fullName, title, organization, location, twitter, linkedin, facebook, error_msg}.
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace leadflow::voilanorbert_sim {

// The result's fields, in CSV column order.
const std::vector<std::string>& verification_columns();
const std::vector<std::string>& enrichment_columns();

nlohmann::json verification_row(const sandbox::FakeWorld& world, std::string_view email);
nlohmann::json enrichment_row(const sandbox::FakeWorld& world, std::string_view email);

// A CSV with a header line and one line per row (booleans as true/false), RFC 4180 quoting.
std::string csv_of(const std::vector<std::string>& columns, const std::vector<nlohmann::json>& rows);

}  // namespace leadflow::voilanorbert_sim
