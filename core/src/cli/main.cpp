// The `leadflow` command: global options, then one subcommand (run, validate, plugins, runs, cache).
#include "cli/cache_command.hpp"
#include "cli/cli_context.hpp"
#include "cli/cli_logger.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plugins_command.hpp"
#include "cli/run_command.hpp"
#include "cli/runs_command.hpp"
#include "cli/echo_command.hpp"
#include "cli/plan_command.hpp"
#include "cli/validate_command.hpp"

#include <leadflow/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

int main(int argc, char** argv) {
  using namespace leadflow::cli;
  CLI::App app{"leadflow: turn lead lists into verified, enriched, campaign-ready contacts"};
  app.set_version_flag("--version", std::string("leadflow ") + std::string(leadflow::version));
  app.require_subcommand(1);
  app.footer("\nExit codes: 0 ok, 1 some rows failed, 2 usage, 65 bad input, 66 no input, 69 provider unavailable,\n"
             "73 cannot write output/state, 75 budget spent, 78 invalid workflow or config, 130 interrupted.\n"
             "Start here: leadflow run workflows/find-email.yaml --sandbox");

  CliContext context;
  app.add_option("--plugin-dir", context.options.plugin_dirs, "Extra directory to search for plugins (repeatable)")->check(CLI::ExistingDirectory);
  app.add_flag("-v,--verbose", context.options.verbosity, "More detail on stderr (-vv for debug)");
  app.add_flag("-q,--quiet", context.options.quiet, "Only errors on stderr: no progress, no summary");

  int exit_status = exit_code::ok;
  add_run_command(app, context, exit_status);
  add_validate_command(app, context, exit_status);
  add_echo_command(app, context, exit_status);
  add_plan_command(app, context, exit_status);
  add_plugins_command(app, context, exit_status);
  add_runs_command(app, context, exit_status);
  add_cache_command(app, context, exit_status);
  app.parse_complete_callback([&] { context.logger = make_cli_logger(context.options.verbosity, context.options.quiet); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_code::usage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "leadflow: internal error: {}\n", e.what());
    return exit_code::internal;
  }
  return exit_status;
}
