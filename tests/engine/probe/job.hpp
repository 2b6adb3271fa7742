// probe.job: an asynchronous lookup. Submit once, checkpoint the job id, sleep, poll until done.
#pragma once

#include <leadflow/plugin.hpp>

#include <chrono>

#include "settings.hpp"

namespace leadflow::probe {

// Wait between two polls of a job still running, and how many polls before giving up.
inline constexpr std::chrono::milliseconds job_poll_interval{1000};
inline constexpr int max_job_polls = 100;

// One probe.job operation. `settings` must outlive it (the instance owns both).
sdk::Task job(sdk::Operation& op, const Settings& settings);

}  // namespace leadflow::probe
