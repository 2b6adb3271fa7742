// Dropcontact's email qualification ("<local>@<domain>": nominative, catch_all (the seed's
// non_confirm), generic, random or invalid, at pro, perso or invalid) on leadflow's verify_email
// scale, and as a find_email confidence. The table is in README.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::dropcontact {

struct Qualification {
  std::string local;   // nominative, catch_all, generic, random, invalid (non_confirm is read as catch_all)
  std::string domain;  // pro, perso, invalid
};

// nullopt when the text is not "<local>@<domain>".
std::optional<Qualification> parse_qualification(std::string_view text);

// One address on the verify_email scale.
struct Verification {
  std::string status;  // deliverable / risky / undeliverable / unknown
  std::string reason;  // valid, catch_all, no_such_user, domain_nonexistent, syntax_error, other
  bool catch_all = false;
  bool role = false;
  bool free = false;
  bool syntax_ok = true;
};

// `email` decides syntax_ok (Dropcontact qualifies a malformed address invalid@invalid, as it
// does an address at a domain that does not exist).
Verification verification_of(std::string_view email, std::string_view qualification);

// Whether the address is the person's own (nominative, or a catch-all guess), usable by find_email.
bool names_the_person(std::string_view qualification);

// 0-100: nominative@pro 95, nominative@perso 90, catch_all 50, generic 30, random 20, invalid 0.
int confidence_of(std::string_view qualification);

// One '@', a non-empty local part without spaces, a dotted domain.
bool well_formed(std::string_view email);

}  // namespace leadflow::dropcontact
