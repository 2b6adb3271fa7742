// The end-of-run summary: what happened to every row, what each provider cost and how hard it
// was pushed, where the results went, and the exit code that follows from all that.
#pragma once

#include "engine/bound_workflow.hpp"
#include "engine/provider_runtime.hpp"
#include "engine/record_pipeline.hpp"

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
};

struct ProviderSummary {
  std::string name, plugin;
  engine::ProviderStats stats;
  std::string stopped_by;  // empty unless the provider was stopped
};

struct RunSummary {
  std::string run_id;
  bool interrupted = false;  // Ctrl-C: rows in flight finished, later rows were not read
  double seconds = 0;
  std::uint64_t rows_read = 0, rows_written = 0, input_errors = 0;
  std::vector<std::uint64_t> input_error_lines;
  std::vector<StepSummary> steps;
  std::vector<ProviderSummary> providers;
  std::map<std::string, std::uint64_t> failures;
  std::string output, state;

  static RunSummary collect(const std::string& run_id, const engine::RecordPipeline& pipeline,
                            const std::vector<std::unique_ptr<engine::ProviderRuntime>>& providers, const engine::BoundWorkflow& bound,
                            const std::string& output, const std::filesystem::path& state, std::chrono::duration<double> elapsed);

  nlohmann::json to_json() const;
  void print(std::FILE* out) const;
  int exit_code() const;
};

}  // namespace leadflow::cli
