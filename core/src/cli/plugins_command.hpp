// `leadflow plugins list` and `leadflow plugins info NAME`: what this host can load, and what
// a plugin offers (capabilities, config fields, rate limits, costs) straight from its manifest.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

namespace leadflow::cli {
void add_plugins_command(CLI::App& app, CliContext& context, int& exit_status);
}
