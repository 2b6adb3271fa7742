// A workflow checked against the plugins it names: every provider's plugin loaded and its config
// validated against the plugin's manifest, every step's capability and inputs known to that
// plugin, every environment variable resolved. Binding is where a bad config stops the run,
// with file:line:column, before any request is sent.
#pragma once

#include "plugin/plugin_catalog.hpp"
#include "workflow/workflow.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace leadflow::engine {

struct BoundProvider {
  std::string name;
  std::shared_ptr<const plugin::Plugin> plugin;
  nlohmann::json config;  // validated, defaults filled in; holds secrets: never print it
  std::vector<std::string> secret_values;  // the config's secret values; never print them
};

struct BoundStep {
  std::size_t spec;      // index into workflow.steps
  std::size_t provider;  // index into providers
  std::string capability;
  std::vector<std::string> output_fields;  // the capability's declared outputs, "status" first, without "raw"
  std::size_t batch_size = 1;              // > 1: records reach the plugin in batches of up to this many
  std::int64_t batch_linger_ms = 2000;     // provider time a batch waits to fill

  bool batched() const { return batch_size > 1; }
};

struct BoundWorkflow {
  workflow::Workflow workflow;
  std::vector<BoundProvider> providers;
  std::vector<BoundStep> steps;

  const workflow::StepSpec& spec(const BoundStep& step) const { return workflow.steps[step.spec]; }
  // Output columns a step adds: "<id>.status", "<id>.<field>"..., "<id>.error".
  std::vector<std::string> step_columns(const BoundStep& step) const;
};

// In sandbox mode: config values imposed on a provider of this plugin (the simulator's base_url
// and credentials). Called once per provider, after its plugin is loaded.
using SandboxOverlay = std::function<nlohmann::json(const plugin::Plugin&)>;

// Throws workflow::WorkflowError carrying every problem found.
BoundWorkflow bind_workflow(workflow::Workflow workflow, plugin::PluginCatalog& catalog, const SandboxOverlay& sandbox = {});

}  // namespace leadflow::engine
