// `leadflow runs`; see runs_command.hpp. Read-only: it never creates a state directory.
#include "cli/runs_command.hpp"

#include "cli/exit_codes.hpp"
#include "store/store.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <map>

namespace leadflow::cli {
namespace fs = std::filesystem;
namespace {

struct RunsOptions {
  std::string workflow;
  std::string state_dir;
  std::string run_id;
  bool json = false;
};

std::string local_time(std::int64_t unix_ms) {
  if (unix_ms <= 0) return "-";
  const auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms));
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(std::chrono::system_clock::to_time_t(time)));
}

std::optional<store::Store> open_existing(const RunsOptions& options, spdlog::logger& log) {
  const auto dir = state_directory(options.state_dir, options.workflow);
  if (!fs::is_regular_file(dir / store::database_file_name)) {
    log.error("no leadflow state in {}: no run has been recorded there (give the workflow, or --state DIR)", dir.string());
    return std::nullopt;
  }
  return store::Store::open(dir);
}

int list_runs(const RunsOptions& options, spdlog::logger& log) {
  auto store = open_existing(options, log);
  if (!store) return exit_code::no_input;
  const auto runs = store->list_runs(100);
  if (options.json) {
    auto out = nlohmann::json::array();
    for (const auto& run : runs)
      out.push_back({{"run_id", run.run_id}, {"status", run.status}, {"started_ms", run.started_ms}, {"finished_ms", run.finished_ms},
                     {"rows", run.rows}, {"workflow", run.workflow_path}, {"input", run.input_path}, {"output", run.output_path},
                     {"sandbox", run.sandbox}});
    std::cout << out.dump(2) << "\n";
    return exit_code::ok;
  }
  fmt::print("{:<22} {:<12} {:<20} {:>8}  {}\n", "RUN", "STATUS", "STARTED", "ROWS", "WORKFLOW");
  for (const auto& run : runs)
    fmt::print("{:<22} {:<12} {:<20} {:>8}  {}{}\n", run.run_id, run.status, local_time(run.started_ms), run.rows, run.workflow_path,
               run.sandbox ? " (sandbox)" : "");
  if (runs.empty()) fmt::print("(no runs yet)\n");
  return exit_code::ok;
}

// Per step: how many rows ended in each state, what they found, what they cost, and why some failed.
struct StepReport {
  std::map<std::string, std::uint64_t> states;   // done, failed, skipped, interrupted, in_flight
  std::map<std::string, std::uint64_t> results;  // found, not_found, deliverable...
  std::map<std::string, std::uint64_t> errors;   // error code -> rows
  std::vector<std::string> first_errors;
};

int show_run(const RunsOptions& options, spdlog::logger& log) {
  auto store = open_existing(options, log);
  if (!store) return exit_code::no_input;
  const auto run = store->run(options.run_id);
  if (!run) {
    log.error("no run {} in {}; `leadflow runs list` shows the runs", options.run_id, store->path().string());
    return exit_code::usage;
  }
  std::map<std::string, StepReport> steps;
  std::map<std::string, double> credits;  // per provider
  for (const auto& result : store->step_results(run->run_id)) {
    auto& report = steps[result.step_id];
    ++report.states[result.status];
    if (!result.result.empty()) ++report.results[result.result];
    credits[result.provider] += result.credits;
    if (result.status != "failed") continue;
    const auto error = nlohmann::json::parse(result.error_json, nullptr, false);
    const auto code = error.is_object() ? error.value("code", "internal") : std::string("internal");
    ++report.errors[code];
    if (report.first_errors.size() < 5)
      report.first_errors.push_back(fmt::format("row {}: {}: {}", result.row, code, error.is_object() ? error.value("message", "") : ""));
  }
  const auto rows = store->rows(run->run_id);
  std::uint64_t unreadable = 0;
  for (const auto& row : rows) unreadable += row.error.empty() ? 0 : 1;

  if (options.json) {
    nlohmann::json out{{"run_id", run->run_id}, {"status", run->status}, {"workflow", run->workflow_path}, {"input", run->input_path},
                       {"output", run->output_path}, {"sandbox", run->sandbox}, {"started_ms", run->started_ms},
                       {"finished_ms", run->finished_ms}, {"rows", rows.size()}, {"unreadable_rows", unreadable},
                       {"credits", credits}, {"steps", nlohmann::json::object()}};
    for (const auto& [id, report] : steps)
      out["steps"][id] = {{"states", report.states}, {"results", report.results}, {"errors", report.errors}, {"first_errors", report.first_errors}};
    std::cout << out.dump(2) << "\n";
    return exit_code::ok;
  }
  fmt::print("run {}: {}{}\n", run->run_id, run->status, run->sandbox ? " (sandbox)" : "");
  fmt::print("  {:<9} {}\n  {:<9} {}\n  {:<9} {}\n", "workflow", run->workflow_path, "input", run->input_path, "output", run->output_path);
  fmt::print("  {:<9} {} → {}\n", "time", local_time(run->started_ms), local_time(run->finished_ms));
  fmt::print("  {:<9} {} read ({} unreadable)\n", "rows", rows.size(), unreadable);
  for (const auto& [id, report] : steps) {
    std::vector<std::string> parts;
    for (const auto& [state, n] : report.states) parts.push_back(fmt::format("{} {}", n, state));
    for (const auto& [result, n] : report.results) parts.push_back(fmt::format("{} {}", n, result));
    fmt::print("  {:<9} {}\n", id, fmt::join(parts, ", "));
    for (const auto& line : report.first_errors) fmt::print("  {:<9}   {}\n", "", line);
  }
  for (const auto& [provider, spent] : credits) fmt::print("  {:<9} {}: {:g} credits\n", "credits", provider, spent);
  if (run->status != "finished")
    fmt::print("\nresume it with: leadflow run {} --resume {}{}\n", run->workflow_path, run->run_id, run->sandbox ? " --sandbox" : "");
  return exit_code::ok;
}

}  // namespace

void add_runs_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto options = std::make_shared<RunsOptions>();
  auto* runs = app.add_subcommand("runs", "Look at past runs recorded in a state directory");
  runs->require_subcommand(1);
  runs->footer("\nExamples:\n  leadflow runs list workflows/find-email.yaml\n  leadflow runs show 20261123-141502-3f9a --state workflows/.leadflow");

  auto* list = runs->add_subcommand("list", "The runs recorded, newest first");
  list->add_option("workflow", options->workflow, "A workflow: its state directory (.leadflow/ next to it) is read");
  list->add_option("--state", options->state_dir, "State directory to read (default: next to the workflow, else ./.leadflow)");
  list->add_flag("--json", options->json, "Print JSON");
  list->callback([&context, &exit_status, options] { exit_status = list_runs(*options, *context.logger); });

  auto* show = runs->add_subcommand("show", "One run: rows, step states, results, credits per provider, errors");
  show->add_option("run", options->run_id, "The run id (from `leadflow runs list`)")->required();
  show->add_option("workflow", options->workflow, "A workflow: its state directory (.leadflow/ next to it) is read");
  show->add_option("--state", options->state_dir, "State directory to read (default: next to the workflow, else ./.leadflow)");
  show->add_flag("--json", options->json, "Print JSON");
  show->callback([&context, &exit_status, options] { exit_status = show_run(*options, *context.logger); });
}

}  // namespace leadflow::cli
