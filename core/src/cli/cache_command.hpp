// `leadflow cache stats` and `leadflow cache clear`: what the result cache of a state directory
// holds (per realm, plugin and capability), and removing it, for one provider or only what expired.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

namespace leadflow::cli {
void add_cache_command(CLI::App& app, CliContext& context, int& exit_status);
}
