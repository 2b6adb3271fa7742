// The end-of-run summary: what happened to every row, what each provider cost and how hard it
// was pushed, where the results went, and the exit code that follows from all that.
#pragma once

#include "engine/bound_workflow.hpp"
#include "engine/provider_runtime.hpp"
#include "engine/record_pipeline.hpp"
#include "engine/workflow_run.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace leadflow::cli {

struct StepSummary {
  std::string id, capability, provider;
  engine::StepCounts counts;
  std::string key;   // the journal's name: the id, or "find@snov" for a waterfall's attempt
  std::string role;  // single, attempt, verification or outcome (a waterfall's result)
};

struct ProviderSummary {
  std::string name, plugin;
  engine::ProviderStats stats;
  std::string stopped_by;  // empty unless the provider was stopped
};

struct RunSummary {
  std::string run_id;
  bool resumed = false;  // this invocation continued an earlier, unfinished run
  engine::StopReason stop_reason = engine::StopReason::none;  // Ctrl-C, or a budget
  std::string stop_detail;
  std::uint64_t rows_interrupted = 0;  // written as interrupted: a resumed run finishes them
  double seconds = 0;
  std::uint64_t rows_read = 0, rows_written = 0, input_errors = 0;
  std::vector<std::uint64_t> input_error_lines;
  std::vector<StepSummary> steps;
  std::vector<ProviderSummary> providers;
  std::map<std::string, std::uint64_t> failures;
  std::uint64_t batches = 0;
  std::uint64_t suppressed = 0;
  std::uint64_t cache_hits = 0;
  double budget_spent = 0;
  std::string output, state;
  nlohmann::json sandbox;  // --sandbox: what each simulator saw (SandboxSession::report)

  static RunSummary collect(const std::string& run_id, const engine::WorkflowRun& run, const engine::BoundWorkflow& bound,
                            const std::string& output, const std::filesystem::path& state, std::chrono::duration<double> elapsed);

  // The run's state in the store: "finished", or "interrupted" (by Ctrl-C or a budget: see stopped_by).
  std::string state_name() const;
  nlohmann::json to_json() const;
  void print(std::FILE* out) const;
  int exit_code() const;
};

}  // namespace leadflow::cli
