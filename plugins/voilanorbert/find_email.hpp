// find_email: POST /search/name, then poll GET /contacts/{id} until VoilaNorbert stops searching.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One find_email operation. `settings` must outlive it (the instance owns both).
sdk::Task find_email(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
