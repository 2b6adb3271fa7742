// `leadflow plan`; see plan_command.hpp and engine/run_plan.hpp.
#include "cli/plan_command.hpp"

#include "cli/exit_codes.hpp"
#include "engine/run_plan.hpp"
#include "io/record_reader.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace leadflow::cli {
namespace {

namespace fs = std::filesystem;

struct PlanOptions {
  std::string workflow, input, state_dir;
  std::vector<std::string> assume;
  bool json = false, sandbox = false;
};

// "find=0.6" -> {"find", 0.6}; nullopt (after printing why) for anything else.
std::optional<std::pair<std::string, double>> parse_assumption(const std::string& text) {
  const auto equals = text.find('=');
  try {
    if (equals != std::string::npos && equals > 0) return std::pair{text.substr(0, equals), std::stod(text.substr(equals + 1))};
  } catch (const std::exception&) {
  }
  fmt::print(stderr, "leadflow: --assume '{}' is not KEY=RATE; e.g. --assume find=0.6 or --assume verify_email=0.8\n", text);
  return std::nullopt;
}

std::string duration_text(double seconds) {
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.0f} min", seconds / 60);
  if (seconds < 172800) return fmt::format("{:.1f} h", seconds / 3600);
  return fmt::format("{:.1f} days", seconds / 86400);
}

nlohmann::json plan_json(const engine::RunPlan& plan) {
  nlohmann::json steps = nlohmann::json::array(), providers = nlohmann::json::array();
  for (const auto& step : plan.steps)
    steps.push_back({{"key", step.key}, {"label", step.label}, {"provider", step.provider}, {"capability", step.capability},
                     {"rows", step.rows}, {"cache_hits", step.cache_hits}, {"calls", step.calls}, {"credits", step.credits},
                     {"success_rate", step.success_rate}, {"rate_source", step.rate_source}});
  for (const auto& provider : plan.providers)
    providers.push_back({{"name", provider.name}, {"calls", provider.calls}, {"credits", provider.credits},
                         {"seconds_at_limits", provider.seconds_at_limits}});
  return {{"rows", plan.rows}, {"malformed_rows", plan.malformed_rows}, {"output_rows", plan.output_rows}, {"credits", plan.credits},
          {"seconds_at_limits", plan.seconds_at_limits}, {"steps", steps}, {"providers", providers}};
}

void print_plan(const engine::RunPlan& plan, const std::string& input) {
  fmt::print("plan for {} rows of {} ({} malformed); about {:.0f} output rows; nothing was sent\n\n", plan.rows, input,
             plan.malformed_rows, plan.output_rows);
  fmt::print("  {:<40} {:>9} {:>9} {:>9} {:>10}  {}\n", "step", "rows", "cached", "calls", "credits", "assumed");
  for (const auto& step : plan.steps) {
    const auto assumed = step.rate_source.empty() ? std::string()
                         : step.capability == "find_domain_emails"
                             ? fmt::format("{:.1f} people per domain ({})", step.success_rate, step.rate_source)
                             : fmt::format("{:.0f}% succeed ({})", step.success_rate * 100, step.rate_source);
    fmt::print("  {:<40} {:>9.1f} {:>9.1f} {:>9.1f} {:>10.1f}  {}\n", step.label, step.rows, step.cache_hits, step.calls, step.credits,
               assumed);
  }
  fmt::print("\n");
  for (const auto& provider : plan.providers)
    fmt::print("  provider {:<20} {:>9.1f} calls {:>10.1f} credits   at least {} at its rate limits\n", provider.name, provider.calls,
               provider.credits, duration_text(provider.seconds_at_limits));
  fmt::print("\n  total: about {:.1f} credits; at least {} (the slowest provider at its documented limits, jobs' own time aside)\n",
             plan.credits, duration_text(plan.seconds_at_limits));
  fmt::print("  rates marked 'default' are assumptions: give your own with --assume STEP=RATE (or STEP@PROVIDER=RATE)\n");
}

int plan(const CliContext& context, const PlanOptions& options) {
  auto catalog = context.catalog();
  auto bound = load_workflow_or_report(options.workflow, catalog, options.sandbox ? engine::SandboxOverlay(sandbox_placeholders) : nullptr);
  if (!bound) return exit_code::config;
  engine::PlanAssumptions assumptions;
  for (const auto& text : options.assume) {
    auto parsed = parse_assumption(text);
    if (!parsed) return exit_code::usage;
    assumptions.overrides[parsed->first] = parsed->second;
  }
  const auto input = options.input.empty() ? bound->workflow.input.path : std::optional<fs::path>(options.input);
  if (!input) {
    fmt::print(stderr, "leadflow: no lead list to plan for: give --input FILE, or input.path in {}\n", options.workflow);
    return exit_code::usage;
  }
  std::unique_ptr<io::RecordReader> reader;
  try {
    reader = io::open_reader(*input, std::nullopt);
  } catch (const io::Error& e) {
    fmt::print(stderr, "leadflow: {}\n", e.what());
    return fs::exists(*input) ? exit_code::bad_input : exit_code::no_input;
  }
  if (!check_fields_or_report(*bound, reader->columns())) return exit_code::config;

  // The cache is only read, and only when the state directory already exists.
  std::optional<store::Store> store;
  const auto state = state_directory(options.state_dir, options.workflow);
  if (fs::exists(state / "leadflow.db")) {
    try {
      store.emplace(store::Store::open(state));
    } catch (const std::exception& e) {
      fmt::print(stderr, "leadflow: the result cache is not used: {}\n", e.what());
    }
  }
  const auto realm = std::string(options.sandbox ? store::sandbox_realm : store::live_realm);
  const auto result = engine::plan_run(*bound, *reader, assumptions, store ? &*store : nullptr, realm);
  if (options.json)
    std::cout << plan_json(result).dump(2) << "\n";
  else
    print_plan(result, input->string());
  return exit_code::ok;
}

}  // namespace

void add_plan_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto options = std::make_shared<PlanOptions>();
  auto* command = app.add_subcommand("plan", "Estimate a run (rows per step, calls, cache hits, credits, time) without sending anything");
  command->add_option("workflow", options->workflow, "Workflow YAML file")->required()->check(CLI::ExistingFile);
  command->add_option("-i,--input", options->input, "Lead list (default: input.path of the workflow)");
  command->add_option("--assume", options->assume,
                      "KEY=RATE: the success rate of a step (find=0.6), a waterfall attempt (find@snov=0.3) or a capability "
                      "(verify_email=0.8); people per domain for find_domain_emails")
      ->take_all();
  command->add_option("--state", options->state_dir, "State directory whose result cache answers known lookups (default: .leadflow/ next to the workflow)");
  command->add_flag("--sandbox", options->sandbox, "Plan a `run --sandbox` (sandbox cache; no credentials needed)");
  command->add_flag("--json", options->json, "Print the plan as JSON");
  command->callback([&context, &exit_status, options] { exit_status = plan(context, *options); });
}

}  // namespace leadflow::cli
