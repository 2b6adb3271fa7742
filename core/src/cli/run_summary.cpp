// The end-of-run summary; see run_summary.hpp.
#include "cli/run_summary.hpp"

#include "cli/exit_codes.hpp"

#include <fmt/format.h>

namespace leadflow::cli {
namespace {

// Codes that are the row's own fault: a rerun would give the same answer.
bool row_level(const std::string& code) { return code == "invalid_input" || code == "skipped"; }

std::string counts_text(const engine::StepCounts& c) {
  std::vector<std::string> parts;
  if (c.found || c.not_found) {
    parts.push_back(fmt::format("{} found", c.found));
    parts.push_back(fmt::format("{} not found", c.not_found));
  }
  if (c.done) parts.push_back(fmt::format("{} done", c.done));
  parts.push_back(fmt::format("{} failed", c.failed));
  if (c.skipped) parts.push_back(fmt::format("{} skipped", c.skipped));
  if (c.interrupted) parts.push_back(fmt::format("{} interrupted", c.interrupted));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string_view stop_name(engine::StopReason reason) {
  switch (reason) {
    case engine::StopReason::none: return "";
    case engine::StopReason::interrupted: return "interrupted";
    case engine::StopReason::budget: return "budget";
    case engine::StopReason::step_failed: return "step_failed";
  }
  return "";
}

std::string_view role_name(engine::StepRole role) {
  switch (role) {
    case engine::StepRole::attempt: return "attempt";
    case engine::StepRole::verification: return "verification";
    case engine::StepRole::outcome: return "outcome";
    default: return "single";
  }
}

std::string step_line(const StepSummary& st) {
  if (st.role == "outcome") return fmt::format("{} (waterfall result)", st.capability);
  if (st.role == "verification") return fmt::format("verify_email of the found address via {}", st.provider);
  return fmt::format("{} via {}", st.capability, st.provider);
}

}  // namespace

RunSummary RunSummary::collect(const std::string& run_id, const engine::WorkflowRun& run, const engine::BoundWorkflow& bound,
                               const std::string& output, const std::filesystem::path& state, std::chrono::duration<double> elapsed) {
  RunSummary s;
  s.run_id = run_id;
  s.seconds = elapsed.count();
  const auto& stats = run.pipeline().stats();
  s.stop_reason = stats.stop_reason;
  s.stop_detail = stats.stop_detail;
  for (const auto& step : stats.steps) s.rows_interrupted += step.interrupted;  // a row stops at one step
  s.batches = stats.batches;
  s.cache_hits = stats.cache_hits;
  s.suppressed = stats.suppressed;
  s.budget_spent = run.budget().spent();
  s.rows_read = stats.rows_read;
  s.rows_written = stats.rows_written;
  s.input_errors = stats.input_errors;
  s.input_error_lines = stats.input_error_lines;
  s.failures = stats.failures;
  for (std::size_t i = 0; i < bound.steps.size(); ++i) {
    const auto& step = bound.steps[i];
    s.steps.push_back({bound.spec(step).id, step.capability, bound.providers[step.provider].name, stats.steps[i], step.key,
                       std::string(role_name(step.role))});
  }
  for (const auto& p : run.providers())
    s.providers.push_back({p->name, p->plugin_id, p->stats, p->stopped_by ? p->stopped_by->value("message", "") : ""});
  s.output = output;
  s.state = state.string();
  return s;
}

nlohmann::json RunSummary::to_json() const {
  nlohmann::json steps_json = nlohmann::json::array(), providers_json = nlohmann::json::array();
  for (const auto& st : steps)
    steps_json.push_back({{"id", st.id}, {"key", st.key}, {"role", st.role}, {"capability", st.capability}, {"provider", st.provider},
                          {"found", st.counts.found},
                          {"not_found", st.counts.not_found}, {"done", st.counts.done}, {"failed", st.counts.failed},
                          {"skipped", st.counts.skipped}, {"interrupted", st.counts.interrupted}});
  for (const auto& p : providers)
    providers_json.push_back({{"name", p.name}, {"plugin", p.plugin}, {"requests", p.stats.requests}, {"throttled", p.stats.throttled},
                              {"retries", p.stats.retries}, {"credits", p.stats.credits}, {"stopped_by", p.stopped_by}});
  nlohmann::json stopped_by = stop_reason == engine::StopReason::none ? nlohmann::json() : nlohmann::json(stop_name(stop_reason));
  nlohmann::json out{{"run_id", run_id}, {"resumed", resumed}, {"state", state_name()}, {"stopped_by", stopped_by}, {"stop_detail", stop_detail},
                     {"seconds", seconds}, {"rows_read", rows_read}, {"rows_written", rows_written},
                     {"rows_interrupted", rows_interrupted}, {"input_errors", input_errors}, {"batches", batches}, {"cache_hits", cache_hits},
                     {"suppressed", suppressed},
                     {"budget_spent", budget_spent}, {"steps", steps_json}, {"providers", providers_json}, {"failures", failures},
                     {"output", output}};
  if (!sandbox.is_null()) out["sandbox"] = sandbox;
  return out;
}

std::string RunSummary::state_name() const {
  return stop_reason == engine::StopReason::none ? "finished" : "interrupted";
}

void RunSummary::print(std::FILE* out) const {
  if (stop_reason == engine::StopReason::interrupted)
    fmt::print(out, "leadflow: run {}{} was interrupted after {:.1f} s; every row read is in the output ({} marked interrupted)\n",
               run_id, resumed ? " (resumed)" : "", seconds, rows_interrupted);
  else if (stop_reason == engine::StopReason::step_failed)
    fmt::print(out, "leadflow: run {}{} stopped after {:.1f} s: {}; {} rows marked interrupted\n", run_id, resumed ? " (resumed)" : "",
               seconds, stop_detail, rows_interrupted);
  else if (stop_reason == engine::StopReason::budget)
    fmt::print(out, "leadflow: run {}{} was stopped by its budget after {:.1f} s: {}; {} rows marked interrupted\n", run_id,
               resumed ? " (resumed)" : "", seconds, stop_detail, rows_interrupted);
  else
    fmt::print(out, "leadflow: run {}{} finished in {:.1f} s\n", run_id, resumed ? " (resumed)" : "", seconds);
  std::string malformed;
  if (input_errors) {
    std::vector<std::string> lines;
    for (auto line : input_error_lines) lines.push_back(std::to_string(line));
    malformed = fmt::format(" ({} malformed, line{} {}{})", input_errors, lines.size() == 1 ? "" : "s", fmt::join(lines, ", "),
                            input_errors > lines.size() ? ", ..." : "");
  }
  fmt::print(out, "  {:<10} {} read, {} written{}\n", "rows", rows_read, rows_written, malformed);
  for (const auto& st : steps) fmt::print(out, "  {:<10} {}: {}\n", st.id, step_line(st), counts_text(st.counts));
  if (!failures.empty()) {
    std::vector<std::string> parts;
    for (const auto& [code, count] : failures) parts.push_back(fmt::format("{} {}", code, count));
    fmt::print(out, "  {:<10} {}\n", "failures", fmt::join(parts, ", "));
  }
  for (const auto& p : providers) {
    fmt::print(out, "  {:<10} {} ({}): {:g} credits, {} requests, {} throttled, {} retried\n", "provider", p.name, p.plugin, p.stats.credits,
               p.stats.requests, p.stats.throttled, p.stats.retries);
    if (!p.stopped_by.empty()) fmt::print(out, "  {:<10} {} was stopped: {}\n", "", p.name, p.stopped_by);
  }
  if (batches) fmt::print(out, "  {:<10} {} sent\n", "batches", batches);
  if (suppressed) fmt::print(out, "  {:<10} {} addresses not sent: on a suppression list\n", "suppressed", suppressed);
  if (cache_hits) fmt::print(out, "  {:<10} {} lookups answered without a paid request (earlier results, duplicate rows)\n", "cache", cache_hits);
  fmt::print(out, "  {:<10} {}\n", "output", output);
  fmt::print(out, "  {:<10} {}\n", "state", state);
}

int RunSummary::exit_code() const {
  if (stop_reason == engine::StopReason::interrupted) return exit_code::interrupted;
  if (stop_reason == engine::StopReason::budget) return exit_code::budget_spent;
  if (stop_reason == engine::StopReason::step_failed) return exit_code::rows_failed;
  for (const auto& p : providers)
    if (!p.stopped_by.empty()) return exit_code::provider_unavailable;
  for (const auto& [code, count] : failures)
    if (!row_level(code)) return exit_code::rows_failed;
  return exit_code::ok;
}

}  // namespace leadflow::cli
