// VoilaNorbert's own operations, reachable from a workflow as capabilities named
// voilanorbert.<operation> (docs/vocabulary.md): one documented request each, its answer passed
// on under `raw` with the fields a workflow needs lifted out. The bulk search submission, which
// checkpoints its id and may wait for the search to end, is massive_search.cpp.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

#include <optional>
#include <string_view>

namespace leadflow::voilanorbert {

// The operation behind `capability`, or nullopt when it is not one of these.
std::optional<sdk::Task> provider_operation(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
