// VoilaNorbert's verification results in our verify_email vocabulary (docs/vocabulary.md). A
// result row holds three flags, is_deliverable / is_risky / is_bounce, and an error_msg saying
// why; the flag gives the status, the message the reason:
//
//   is_deliverable            -> deliverable, valid
//   is_risky   + "catch-all"  -> risky, catch_all (catch_all: true)
//   is_risky   + "full"       -> risky, mailbox_full
//   is_risky   + "disposable" -> risky, disposable (disposable: true)
//   is_bounce  + "disabled"   -> undeliverable, mailbox_disabled
//   is_bounce  + "does not exist"/"no such"/"unknown user" -> undeliverable, no_such_user
//   is_bounce  + "domain"     -> undeliverable, domain_nonexistent
//   is_bounce  + "syntax"/"invalid email" -> undeliverable, syntax_error (syntax_ok: false)
//   no flag set               -> unknown (greylisted, timeout or other, from the message)
//
// Any other message keeps the status of its flag with reason `other`.
#pragma once

#include "csv_table.hpp"

#include <nlohmann/json.hpp>

namespace leadflow::voilanorbert {

// The verify_email output for one row of the downloaded CSV (or one webhook result object, whose
// fields are the same), with the row under `raw`.
nlohmann::json verification_output(const CsvRow& row);

}  // namespace leadflow::voilanorbert
