// The CLI's logger: messages on stderr as "leadflow: warning: ...", erasing the live progress
// line first so the two never interleave.
#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace leadflow::cli {

// verbosity: 0 = warnings and errors, 1 = info (-v), 2 = debug (-vv), 3+ = trace; quiet: errors only.
std::shared_ptr<spdlog::logger> make_cli_logger(int verbosity, bool quiet);

}  // namespace leadflow::cli
