// enrich_person: one Contact Details bulk job per batch of up to 10,000 contact ids.
#pragma once

#include <leadflow/plugin.hpp>

#include "session.hpp"
#include "settings.hpp"

namespace leadflow::insideview {

inline constexpr std::size_t max_job_ids = 10'000;  // "The request can contain up to 10,000 contact ids."

// One enrich_person batch. `settings` and `session` must outlive it (the instance owns both).
sdk::Task enrich_person(sdk::Operation& op, const Settings& settings, Session& session);

}  // namespace leadflow::insideview
