// `leadflow run`; see run_command.hpp.
#include "cli/run_command.hpp"

#include "cli/exit_codes.hpp"
#include "cli/progress_reporter.hpp"
#include "cli/run_summary.hpp"
#include "engine/engine_clock.hpp"
#include "engine/host_delegate.hpp"
#include "engine/workflow_run.hpp"
#include "io/atomic_file.hpp"
#include "io/record_reader.hpp"
#include "io/record_writer.hpp"
#include "sandbox/sandbox_session.hpp"
#include "store/store.hpp"
#include "suppression/suppression_list.hpp"

#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <iostream>

namespace leadflow::cli {
namespace fs = std::filesystem;
namespace {

struct Output {
  std::unique_ptr<io::RecordWriter> writer;
  std::string description;  // the path, or "stdout"
};

std::optional<fs::path> input_path(const RunOptions& options, const engine::BoundWorkflow& bound, const store::RunSummary* resumed) {
  if (!options.input.empty()) return fs::path(options.input);
  if (resumed) return fs::path(resumed->input_path);
  return bound.workflow.input.path;
}

// `--resume [RUN]`: the run named, or the latest unfinished run of this workflow. Logs why
// there is nothing to resume and returns nullopt.
std::optional<store::RunSummary> run_to_resume(store::Store& store, const RunOptions& options, const engine::BoundWorkflow& bound,
                                               spdlog::logger& log) {
  const auto workflow_path = fs::absolute(bound.workflow.file).string();
  std::optional<store::RunSummary> run;
  if (!options.resume_run.empty()) {
    run = store.run(options.resume_run);
    if (!run) log.error("no run {} in {}; `leadflow runs list {}` shows the runs", options.resume_run, store.path().string(), options.workflow);
  } else {
    for (auto& candidate : store.list_runs(1000))
      if (candidate.workflow_path == workflow_path) {
        run = std::move(candidate);
        break;
      }
    if (!run) log.error("{} has no run to resume in {}", options.workflow, store.path().string());
  }
  if (!run) return std::nullopt;
  if (run->status == "finished") {
    log.error("run {} finished already; there is nothing to resume (run without --resume to start a new run)", run->run_id);
    return std::nullopt;
  }
  if (run->sandbox != options.sandbox) {
    log.error("run {} ran {}; resume it {}", run->run_id, run->sandbox ? "in the sandbox" : "against the real providers",
              run->sandbox ? "with --sandbox" : "without --sandbox");
    return std::nullopt;
  }
  return run;
}

std::optional<io::Format> declared_format(const std::optional<std::string>& name) {
  if (name == "csv") return io::Format::csv;
  if (name == "jsonl") return io::Format::jsonl;
  return std::nullopt;
}

// Counting first lets progress show a total and an ETA; it is one fast pass over a file.
std::optional<std::uint64_t> count_rows(const fs::path& path, std::optional<io::Format> format) {
  if (!fs::is_regular_file(path)) return std::nullopt;
  auto reader = io::open_reader(path, format);
  io::InputRow row;
  std::uint64_t rows = 0;
  while (reader->next(row)) ++rows;
  return rows;
}

// The workflow's `output: columns:` when it chooses them; by default the input's columns in
// their order, then each step's, then the input-error column.
std::vector<io::OutputColumn> output_columns(const io::RecordReader& reader, const engine::BoundWorkflow& bound) {
  std::vector<io::OutputColumn> columns;
  if (!bound.workflow.output.columns.empty()) {
    for (const auto& column : bound.workflow.output.columns) columns.push_back({column.header, column.path});
    return columns;
  }
  std::vector<std::string> names = reader.columns();
  for (const auto& step : bound.steps)
    for (auto& column : bound.step_columns(step)) names.push_back(std::move(column));
  names.emplace_back(engine::RecordPipeline::input_error_column);
  return io::columns_named(std::move(names));
}

Output open_output(const RunOptions& options, const engine::BoundWorkflow& bound, const store::RunSummary* resumed,
                   std::vector<io::OutputColumn> columns) {
  io::WriterOptions writing;
  writing.neutralise_formulas = bound.workflow.output.neutralise_formulas;
  std::optional<fs::path> path = options.output.empty() ? bound.workflow.output.path : std::optional<fs::path>(options.output);
  if (options.output.empty() && resumed) path = resumed->output_path == "stdout" ? fs::path("-") : fs::path(resumed->output_path);
  std::optional<io::Format> format = options.output.empty() ? declared_format(bound.workflow.output.format) : std::nullopt;
  // JSONL keeps the record's nested structure unless the workflow chose columns.
  const auto whole_records = [&](io::Format chosen) {
    if (chosen == io::Format::jsonl && bound.workflow.output.columns.empty()) columns.clear();
  };
  if (!path || *path == "-") {
    whole_records(format.value_or(io::Format::csv));
    return {io::open_writer(std::cout, format.value_or(io::Format::csv), std::move(columns), writing), "stdout"};
  }
  if (path->has_parent_path()) fs::create_directories(path->parent_path());
  auto chosen = format ? format : io::format_from_path(*path);
  whole_records(chosen.value_or(io::Format::csv));
  return {io::open_file_writer(*path, chosen.value_or(io::Format::csv), std::move(columns), writing), path->string()};
}

using SuppressionCheck = std::function<std::optional<std::string>(const std::string&)>;

// Every `suppression:` file, read before any request: a do-not-contact list that cannot be read
// whole stops the run. The check names the file, line and entry that suppress an address.
std::optional<SuppressionCheck> load_suppression(const workflow::Workflow& workflow, spdlog::logger& log) {
  if (workflow.suppression.empty()) return SuppressionCheck{};
  auto lists = std::make_shared<std::vector<std::pair<std::string, suppression::SuppressionList>>>();
  try {
    for (const auto& file : workflow.suppression) {
      lists->emplace_back(file.filename().string(), suppression::SuppressionList::load(file));
      log.info("suppression list {}: {} entries", file.string(), lists->back().second.size());
    }
  } catch (const std::exception& e) {
    log.error("{}", e.what());
    return std::nullopt;
  }
  return SuppressionCheck([lists](const std::string& email) -> std::optional<std::string> {
    for (const auto& [name, list] : *lists)
      if (auto match = list.match(email)) return fmt::format("{}:{} {}", name, match->line, match->entry);
    return std::nullopt;
  });
}

engine::ResultCaching result_caching(const RunOptions& options) {
  engine::ResultCaching caching;
  caching.mode = options.no_cache  ? engine::ResultCaching::Mode::off
                 : options.refresh ? engine::ResultCaching::Mode::refresh
                                   : engine::ResultCaching::Mode::use;
  caching.realm = std::string(options.sandbox ? store::sandbox_realm : store::live_realm);
  return caching;
}

// Found / not found / failed count each workflow step once: a waterfall's result, not its attempts.
ProgressSnapshot snapshot(const engine::WorkflowRun& run, const engine::BoundWorkflow& bound, std::optional<std::uint64_t> total) {
  const auto& pipeline = run.pipeline();
  const auto& providers = run.providers();
  ProgressSnapshot s;
  s.rows_done = pipeline.stats().rows_completed;
  s.rows_total = total;
  for (std::size_t i = 0; i < bound.steps.size(); ++i) {
    const auto role = bound.steps[i].role;
    if (role == engine::StepRole::attempt || role == engine::StepRole::verification) continue;
    const auto& step = pipeline.stats().steps[i];
    s.found += step.found;
    s.not_found += step.not_found;
    s.failed += step.failed;
  }
  for (const auto& p : providers) s.credits += p->stats.credits;
  return s;
}

void write_summary_json(const RunSummary& summary, const fs::path& path, spdlog::logger& log) {
  try {
    io::AtomicFile file(path);
    file.stream() << summary.to_json().dump(2) << "\n";
    file.commit();
  } catch (const std::exception& e) {
    log.error("cannot write the summary to {}: {}", path.string(), e.what());
  }
}

}  // namespace

void add_run_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto options = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand("run", "Run a workflow over a lead list");
  run->add_option("workflow", options->workflow, "Workflow YAML file")->required()->check(CLI::ExistingFile);
  run->add_option("-i,--input", options->input, "Lead list (CSV or JSONL); overrides the workflow's input.path");
  run->add_option("-o,--output", options->output, "Results file (.csv or .jsonl), or - for stdout; overrides output.path");
  run->add_option("--state", options->state_dir, "State directory (default: .leadflow/ next to the workflow)");
  run->add_flag("--sandbox", options->sandbox, "Run against the built-in provider simulators on loopback: no keys, no network, no cost");
  run->add_option("--time-scale", options->time_scale, "Sandbox only: how much faster than real time the simulated providers run")
      ->check(CLI::PositiveNumber)->capture_default_str();
  run->add_option("--faults", options->faults, "Sandbox only: faults the simulators inject, e.g. 5xx:0.1,429:0.05");
  run->add_option("--concurrency", options->concurrency, "Records with a provider operation in flight at once")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  run->add_flag("--no-progress", options->no_progress, "Do not show progress on stderr");
  run->add_flag("--no-cache", options->no_cache, "Do not use the result cache: every lookup goes to the provider and is not kept");
  run->add_flag("--refresh", options->refresh, "Ask the providers again instead of using cached results, and cache the new answers")
      ->excludes("--no-cache");
  auto* resume = run->add_option("--resume", options->resume_run,
                  "Continue an unfinished run (the latest of this workflow, or RUN): finished steps are kept, submitted provider "
                  "jobs are polled, not paid again")
      ->expected(0, 1);
  run->add_option("--summary-json", options->summary_json, "Also write the run summary as JSON to this file (for scripts and CI)");
  run->footer("\nExamples:\n  leadflow run workflows/find-email.yaml --sandbox\n  leadflow run find.yaml -i leads.csv -o found.csv\n"
              "  leadflow run find.yaml --resume        # after Ctrl-C, a crash or a spent budget");
  run->callback([&context, &exit_status, options, resume] {
    options->resume = resume->count() > 0;
    try {
      exit_status = run_workflow(context, *options);
    } catch (const store::Error& e) {  // a full disk, a lost directory: the journal cannot be written
      context.logger->error("{}; rows recorded before this are kept, and `leadflow run --resume` continues once it can be written",
                            e.what());
      exit_status = exit_code::cannot_create;
    }
  });
}

int run_workflow(const CliContext& context, const RunOptions& options) {
  auto& log = *context.logger;
  engine::EngineClock clock(options.sandbox ? options.time_scale : 1.0);

  std::optional<sandbox::SandboxSession> sandbox;
  engine::SandboxOverlay overlay;
  if (options.sandbox) {
    sandbox.emplace(sandbox::SandboxSettings{options.time_scale, clock.anchor_unix_ms(), options.faults, context.options.verbosity >= 2});
    overlay = [&sandbox](const plugin::Plugin& plugin) { return sandbox->overlay_for(plugin); };
  }

  auto catalog = context.catalog();
  auto bound = load_workflow_or_report(options.workflow, catalog, overlay);
  if (!bound) return exit_code::config;
  auto suppressed = load_suppression(bound->workflow, log);
  if (!suppressed) return exit_code::config;

  std::optional<store::Store> store;
  try {
    store.emplace(store::Store::open(state_directory(options.state_dir, options.workflow)));
  } catch (const std::exception& e) {
    log.error("{}", e.what());
    return exit_code::cannot_create;
  }
  std::optional<store::RunSummary> resumed;
  if (options.resume && !(resumed = run_to_resume(*store, options, *bound, log))) return exit_code::usage;

  auto input = input_path(options, *bound, resumed ? &*resumed : nullptr);
  if (!input) {
    log.error("no lead list to read: give --input FILE, or input.path in {}", options.workflow);
    return exit_code::usage;
  }
  const auto input_format = options.input.empty() ? declared_format(bound->workflow.input.format) : std::nullopt;
  std::unique_ptr<io::RecordReader> reader;
  std::optional<std::uint64_t> total;
  try {
    reader = io::open_reader(*input, input_format);
    total = count_rows(*input, input_format);
  } catch (const io::Error& e) {
    log.error("{}", e.what());
    return fs::exists(*input) ? exit_code::bad_input : exit_code::no_input;
  }

  // A resumed run's input was checked when the run began; a file changed since is refused by
  // the resume itself, with its own message.
  if (!resumed && !check_fields_or_report(*bound, reader->columns())) return exit_code::config;

  Output output;
  try {
    output = open_output(options, *bound, resumed ? &*resumed : nullptr, output_columns(*reader, *bound));
  } catch (const std::exception& e) {
    log.error("{}", e.what());
    return exit_code::cannot_create;
  }

  std::string run_id;
  std::optional<engine::ResumeState> journal;
  if (resumed) {
    run_id = resumed->run_id;
    journal = engine::ResumeState::load(*store, run_id);
    if (resumed->sandbox && !journal->checkpoints.empty()) {
      // Fresh simulators do not know the jobs of the old ones: submit them again (the sandbox is free).
      log.info("sandbox: {} provider jobs of run {} are submitted again to the new simulators", journal->checkpoints.size(), run_id);
      journal->checkpoints.clear();
      journal->rows_sharing.clear();
    }
    store->resume_run(run_id);
    log.info("run {} resumed: {} rows read before, {} steps finished", run_id, journal->inputs.size(), journal->finished.size());
  } else {
    run_id = store->begin_run({fs::absolute(bound->workflow.file).string(), bound->workflow.name, fs::absolute(*input).string(),
                               output.description, options.sandbox});
    log.info("run {} started", run_id);
  }

  engine::EngineHostDelegate delegate(log, clock, &*store);
  std::unique_ptr<engine::WorkflowRun> run;
  try {
    run = std::make_unique<engine::WorkflowRun>(*bound, clock, delegate, *reader, *output.writer, *store,
                                                engine::RunSettings{run_id, options.concurrency, journal ? &*journal : nullptr,
                                                                    result_caching(options), *suppressed});
  } catch (const std::exception& e) {
    log.error("{}", e.what());  // the plugin host has masked secrets
    store->finish_run(run_id, "failed", "{}");
    return exit_code::config;
  }

  ProgressReporter progress(run->io(), detect_progress_mode(context.options.quiet, options.no_progress),
                            [&] { return snapshot(*run, *bound, total); });
  boost::asio::signal_set signals(run->io(), SIGINT, SIGTERM);
  std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int) {
    if (ec) return;
    if (!run->pipeline().stopping()) {
      log.warn("stopping: nothing new is sent; requests on the wire finish (Ctrl-C again to abort now)");
      run->stop();
      signals.async_wait(on_signal);
      return;
    }
    log.warn("aborted; run {} is recorded in the state directory as interrupted", run_id);
    store->finish_run(run_id, "interrupted", "{}");
    std::_Exit(exit_code::interrupted);
  };
  signals.async_wait(on_signal);

  const auto started = std::chrono::steady_clock::now();
  progress.start();
  try {
    run->run();
  } catch (const engine::ResumeMismatch& e) {
    progress.stop();
    log.error("cannot resume run {}: {}", run_id, e.what());
    store->finish_run(run_id, "interrupted", "{}");
    return exit_code::usage;
  } catch (const io::Error& e) {
    progress.stop();
    log.error("{}", e.what());
    store->finish_run(run_id, "failed", "{}");
    return exit_code::cannot_create;
  } catch (const store::Error& e) {
    progress.stop();
    log.error("{}; the rows recorded so far are kept, resume the run once the state directory can be written", e.what());
    return exit_code::cannot_create;
  }
  progress.stop();

  auto summary = RunSummary::collect(run_id, *run, *bound, output.description, store->path(), std::chrono::steady_clock::now() - started);
  summary.resumed = resumed.has_value();
  if (sandbox) summary.sandbox = sandbox->report();
  // A run whose provider refused the account is not finished: --resume tries its rows again.
  const bool provider_stopped = std::any_of(summary.providers.begin(), summary.providers.end(),
                                            [](const ProviderSummary& p) { return !p.stopped_by.empty(); });
  store->finish_run(run_id, provider_stopped && summary.state_name() == "finished" ? "failed" : summary.state_name(),
                    summary.to_json().dump());
  if (!options.summary_json.empty()) write_summary_json(summary, options.summary_json, log);
  if (!context.options.quiet) summary.print(stderr);
  return summary.exit_code();
}

}  // namespace leadflow::cli
