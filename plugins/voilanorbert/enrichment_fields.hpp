// VoilaNorbert's enrichment results in our enrich_person vocabulary (docs/vocabulary.md). The
// docs describe the enrichment results with the verification's fields, a copy/paste slip; the
// fields a public client reads, and the simulator's CSV, are:
//
//   fullName -> full_name        title    -> title          organization -> company
//   linkedin -> linkedin_url     twitter  -> twitter        facebook     -> facebook
//   email    -> email            location -> location       error_msg    -> (raw only)
//
// A row with a name, title or organization is `found`; one with none of them (VoilaNorbert then
// says why in error_msg) is `not_found`. Empty cells are left out, never passed on as "".
#pragma once

#include "csv_table.hpp"

#include <nlohmann/json.hpp>

namespace leadflow::voilanorbert {

nlohmann::json enrichment_output(const CsvRow& row);

}  // namespace leadflow::voilanorbert
