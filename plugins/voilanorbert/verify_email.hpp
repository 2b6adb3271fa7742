// verify_email in batches over VoilaNorbert's verifier: upload, checkpoint the token, poll until
// ENDED, download the result CSV, map each row back to its items by email.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One verify_email batch operation. `settings` must outlive it (the instance owns both).
sdk::Task verify_email(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
