// `leadflow run WORKFLOW`: the main job. Loads and checks the workflow, starts the sandbox when
// asked, streams the input through the engine to the output, shows progress, and ends with a
// summary and an exit code that says how it went.
#pragma once

#include "cli/cli_context.hpp"

#include <CLI/App.hpp>

#include <string>

namespace leadflow::cli {

struct RunOptions {
  std::string workflow;
  std::string input;
  std::string output;
  std::string state_dir;
  bool sandbox = false;
  double time_scale = 60;
  std::string faults;
  std::size_t concurrency = 1024;
  bool no_progress = false;
  std::string summary_json;
  bool resume = false;
  bool no_cache = false;  // neither read nor write the result cache
  bool refresh = false;   // ask the providers again, and cache their new answers
  std::string resume_run;  // empty with resume: the latest unfinished run of the workflow
};

void add_run_command(CLI::App& app, CliContext& context, int& exit_status);
int run_workflow(const CliContext& context, const RunOptions& options);

}  // namespace leadflow::cli
