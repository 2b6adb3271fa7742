// `leadflow validate WORKFLOW`: every check `run` makes before its first request, and nothing
// more: it never contacts a provider.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

namespace leadflow::cli {
void add_validate_command(CLI::App& app, CliContext& context, int& exit_status);
}
