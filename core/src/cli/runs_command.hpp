// `leadflow runs list` and `leadflow runs show RUN`: what the journal in a state directory knows
// about past runs — their state, rows, per-step outcomes, credits per provider and errors — so
// a user can see what an interrupted run left and resume it.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

namespace leadflow::cli {
void add_runs_command(CLI::App& app, CliContext& context, int& exit_status);
}
