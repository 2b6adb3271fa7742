// probe.lookup_batch: up to max_batch keys in one POST /batch, under the engine's batch payload
// convention (README.md): input {"items": [{"key": ...}, ...]}, output {"items": [...]} in the
// same order, each item an output object or {"error": {"code", "message"}}.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::probe {

// The manifest's max_batch of probe.lookup_batch.
inline constexpr std::size_t max_batch_items = 5;

// One probe.lookup_batch operation. `settings` must outlive it (the instance owns both).
sdk::Task lookup_batch(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::probe
