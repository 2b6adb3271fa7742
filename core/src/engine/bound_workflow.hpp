// A workflow checked against the plugins it names: every provider's plugin loaded and its config
// validated against the plugin's manifest, every step's capability and inputs known to that
// plugin, every environment variable resolved. Binding is where a bad config stops the run,
// with file:line:column, before any request is sent.
#pragma once

#include "expression/expression.hpp"
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

// What a bound step is to a row. A workflow step with one provider binds to one `single` step;
// a waterfall binds to an `attempt` per provider (each followed by its `verification` when the
// waterfall verifies) and an `outcome` that needs no operation: it picks the winner.
enum class StepRole { single, attempt, verification, outcome };

struct BoundStep {
  std::size_t spec;      // index into workflow.steps
  std::size_t provider;  // index into providers (the outcome: the first attempt's)
  std::string capability;
  std::vector<std::string> output_fields;  // the capability's declared outputs, "status" first, without "raw"
  std::size_t batch_size = 1;              // > 1: records reach the plugin in batches of up to this many
  std::int64_t batch_linger_ms = 2000;     // provider time a batch waits to fill

  StepRole role = StepRole::single;
  std::string key;             // names its results in the journal: "find", or "find@snov", "find@snov/verify"
  std::size_t first = 0;       // index of the first bound step of the same workflow step
  std::size_t last = 0;        // index of its last one (the outcome of a waterfall)
  bool fans_out = false;       // the output's `people` become one row each (find_domain_emails)
  bool suppressible = false;   // add_to_list / add_to_campaign: never sent for a suppressed address

  bool batched() const { return batch_size > 1; }
  bool runs_operation() const { return role != StepRole::outcome; }
};

struct BoundWorkflow {
  workflow::Workflow workflow;
  std::vector<BoundProvider> providers;
  std::vector<BoundStep> steps;

  // Compiled `when:` conditions, by workflow step; null where a step has none.
  std::vector<std::shared_ptr<const expression::Expression>> conditions;

  const workflow::StepSpec& spec(const BoundStep& step) const { return workflow.steps[step.spec]; }
  // Output columns a step adds: "<id>.status", "<id>.<field>"..., "<id>.provider", "<id>.error".
  // Empty for the attempts and verifications of a waterfall: its outcome has the columns.
  std::vector<std::string> step_columns(const BoundStep& step) const;
  // "find via norbert", "find via norbert, then snov (verified by verifalia)", for summaries.
  std::string describe(const BoundStep& step) const;
};

// In sandbox mode: config values imposed on a provider of this plugin (the simulator's base_url
// and credentials). Called once per provider, after its plugin is loaded.
using SandboxOverlay = std::function<nlohmann::json(const plugin::Plugin&)>;

// Throws workflow::WorkflowError carrying every problem found.
BoundWorkflow bind_workflow(workflow::Workflow workflow, plugin::PluginCatalog& catalog, const SandboxOverlay& sandbox = {});

}  // namespace leadflow::engine
