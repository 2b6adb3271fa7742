// Verifalia's validation status codes on leadflow's verify_email scale (docs/vocabulary.md): the
// one place where Verifalia's 40+ codes live. The README's status table is this table.
#pragma once

#include <leadflow/plugin.hpp>

#include <string_view>

namespace leadflow::verifalia {

struct Verdict {
  std::string_view status;  // deliverable, risky, undeliverable, unknown
  std::string_view reason;  // valid, catch_all, mailbox_full, no_such_user, ...
  bool syntax_ok = true;
  bool catch_all = false;
  bool disposable = false;
  bool known = true;  // false: a code this table does not know (the classification decides)
};

// The verdict of one validation status code. Unknown codes map to unknown / other, known=false.
Verdict verdict_of(std::string_view status_code);

// Our status for Verifalia's classification (Deliverable, Risky, Undeliverable, Unknown); an
// empty view for a custom classification.
std::string_view status_of_classification(std::string_view classification);

// The verify_email output for one completed job entry: status (from the classification when it
// is one of the four, else from the code), reason and flags from the code, Verifalia's own
// flags, suggestions, the recognised address and the entry under raw.
nlohmann::json verify_output(const nlohmann::json& entry);

}  // namespace leadflow::verifalia
