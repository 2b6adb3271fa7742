// find_domain_emails: POST /search/domain, page after page while has_next, into one list of people.
#pragma once

#include <leadflow/plugin.hpp>

#include "settings.hpp"

namespace leadflow::voilanorbert {

// One find_domain_emails operation. `settings` must outlive it (the instance owns both).
sdk::Task find_domain_emails(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::voilanorbert
