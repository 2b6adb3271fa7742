// `leadflow plan WORKFLOW --input FILE`: a dry run that sends nothing: per step and provider, the
// rows that would reach it, the calls, the lookups the cache already answers, the credits and
// the time at the documented rate limits, with the rates it had to assume.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

namespace leadflow::cli {
void add_plan_command(CLI::App& app, CliContext& context, int& exit_status);
}
