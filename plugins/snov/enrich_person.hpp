// enrich_person: by email, get-profile-by-email (1 credit, free when Snov knows nobody); by
// social URL (linkedin_url), add-url-for-search (1 credit, checkpointed) then poll
// get-emails-from-url until the profile is there, up to url_search_max_wait_ms.
#pragma once

#include "exchange.hpp"

namespace leadflow::snov {

sdk::Task enrich_person(sdk::Operation& op, Api api);

}  // namespace leadflow::snov
