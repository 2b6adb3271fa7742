// What Dropcontact makes of one submitted contact, answered from the fake world: the person and
// company it recognises, the emails it finds or was given, each qualified as
// "<local>@<domain>" (nominative, non_confirm, generic, random, invalid @ pro, perso, invalid).
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace leadflow::dropcontact_sim {

// The options of a whole batch (top-level fields of the POST).
struct BatchOptions {
  bool siren = false;          // add the French registry fields
  std::string language = "en";  // "en" or "fr": how civility is written
};

struct EnrichedContact {
  nlohmann::json record;        // the result record, as GET /batch/{id} returns it
  bool email_supplied = false;  // the contact came with an email: verified, charged, never refunded
  bool email_found = false;     // the result holds at least one email
};

// The qualification of one address, from the world's verdict on it. The seed docs name the
// catch-all local part "non_confirm" (the newer docs say "catch_all"); the simulator follows the seed.
std::string qualification_of(const sandbox::FakeWorld& world, std::string_view email);

// Enriches one submitted record (an object with the documented request fields, plus the
// research's linkedin, num_siren, siret, country and custom_fields, which is echoed back).
EnrichedContact enrich(const sandbox::FakeWorld& world, const nlohmann::json& submitted, const BatchOptions& options);

}  // namespace leadflow::dropcontact_sim
