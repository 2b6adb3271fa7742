// The exit codes of the `leadflow` command (documented in docs/workflows.md and `--help`).
// They follow sysexits(3) where one fits, so scripts can tell a bad file from a bad key.
#pragma once

namespace leadflow::cli::exit_code {

inline constexpr int ok = 0;                    // the run finished; per-row input problems are in the output
inline constexpr int rows_failed = 1;           // finished, but some operations failed in ways a rerun may fix; or a step with on_error: stop failed
inline constexpr int usage = 2;                 // bad command-line arguments
inline constexpr int bad_input = 65;            // the input file is unusable (EX_DATAERR)
inline constexpr int no_input = 66;             // the input file does not exist (EX_NOINPUT)
inline constexpr int provider_unavailable = 69; // a provider refused the account (key, credits) (EX_UNAVAILABLE)
inline constexpr int internal = 70;             // a bug in leadflow (EX_SOFTWARE)
inline constexpr int cannot_create = 73;        // output or state cannot be written (EX_CANTCREAT)
inline constexpr int budget_spent = 75;         // a budget stopped the run; resume with a larger one (EX_TEMPFAIL)
inline constexpr int config = 78;               // invalid workflow or provider config (EX_CONFIG)
inline constexpr int interrupted = 130;         // stopped by Ctrl-C; what finished is saved

}  // namespace leadflow::cli::exit_code
