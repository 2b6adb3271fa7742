// Snov.io profiles (get-profile-by-email, get-emails-from-url, the prospect methods) on the
// enrich_person fields of docs/vocabulary.md. Fields Snov does not give are left out.
#pragma once

#include <nlohmann/json.hpp>

namespace leadflow::snov {

nlohmann::json enrich_output(const nlohmann::json& profile, const nlohmann::json& raw);

}  // namespace leadflow::snov
