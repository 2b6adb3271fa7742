// voilanorbert.massive_submit: a bulk search (POST /massives/), its id checkpointed at once, and,
// with wait=true, polled (GET /massives/{id}) until it has ENDED.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One voilanorbert.massive_submit operation. `settings` must outlive it.
sdk::Task massive_submit(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
