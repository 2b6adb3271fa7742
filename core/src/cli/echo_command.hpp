// `leadflow echo WORKFLOW`: the workflow as leadflow understands it — ${VAR}s replaced, relative
// paths resolved, every default filled in (config defaults from the plugins' manifests, waterfall
// rules, on_error) — with every secret masked, so it can be pasted into an issue or a review.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

namespace leadflow::cli {
void add_echo_command(CLI::App& app, CliContext& context, int& exit_status);
}
