// How Verifalia reports one address, from the fake world's single truth about it
// (FakeWorld::verdict_of): the validation status code and classification, the address's parts
// and flags, as the "Job entries" section of the API reference shows them.
#pragma once

#include <leadflow/sandbox/fake_world.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace leadflow::verifalia_sim {

// The entry of `input` at `index`, without completedOn (set when the job completes) and
// without custom (the submitter's).
nlohmann::json entry_json(const sandbox::FakeWorld& world, std::size_t index, const std::string& input);

}  // namespace leadflow::verifalia_sim
