// Assembling and running one workflow run; see workflow_run.hpp.
#include "engine/workflow_run.hpp"

#include <algorithm>

namespace leadflow::engine {
namespace {

http::ClientOptions client_options(std::size_t concurrency) {
  http::ClientOptions options;
  // One connection carries one request at a time: slow providers need many to keep the rate up.
  options.max_connections_per_origin = std::clamp<std::size_t>(concurrency, 8, 1024);
  return options;
}

Budget make_budget(const BoundWorkflow& workflow) {
  std::vector<std::pair<std::string, std::optional<double>>> providers;
  for (const auto& provider : workflow.workflow.providers) providers.emplace_back(provider.name, provider.budget);
  return Budget(workflow.workflow.budget, std::move(providers));
}

RetryPolicy retry_policy(const workflow::RetrySpec& spec) {
  RetryPolicy policy;
  if (spec.attempts) policy.max_attempts = *spec.attempts;
  if (spec.max_wait_ms) policy.max_wait_ms = *spec.max_wait_ms;
  return policy;
}

// The reorder window must hold a few full batches, or the biggest batch could never fill.
std::size_t reorder_window(const BoundWorkflow& workflow, std::size_t concurrency) {
  std::size_t window = std::max<std::size_t>(4096, concurrency * 4);
  for (const auto& step : workflow.steps) window = std::max(window, step.batch_size * 2);
  return window;
}

}  // namespace

WorkflowRun::WorkflowRun(const BoundWorkflow& workflow, const EngineClock& clock, plugin::HostDelegate& delegate,
                         io::RecordReader& reader, io::RecordWriter& writer, store::Store& store, RunSettings settings)
    : client_(io_, client_options(settings.concurrency)),
      sender_(io_, client_, clock),
      accounts_(io_, clock),
      budget_(make_budget(workflow)) {
  for (std::size_t i = 0; i < workflow.providers.size(); ++i) {
    const auto& bound = workflow.providers[i];
    const auto& spec = workflow.workflow.providers[i];
    auto runtime = std::make_unique<ProviderRuntime>();
    runtime->index = i;
    runtime->name = bound.name;
    runtime->plugin_id = bound.plugin->id();
    runtime->instance = plugin::Instance::create(bound.plugin, delegate, bound.config, bound.name);
    runtime->account = accounts_.account(bound.plugin->manifest(), spec, bound.config, bound.secret_values);
    runtime->retry = retry_policy(spec.retry);
    providers_.push_back(std::move(runtime));
  }
  auto caching = settings.caching;
  if (workflow.workflow.cache_ttl_ms) caching.ttl_ms = *workflow.workflow.cache_ttl_ms;
  pipeline_ = std::make_unique<RecordPipeline>(io_, sender_, clock, budget_, workflow, providers_, reader, writer, store,
                                               PipelineOptions{settings.concurrency, reorder_window(workflow, settings.concurrency),
                                                               settings.run_id, settings.resume, caching, settings.suppressed});
}

WorkflowRun::~WorkflowRun() = default;

void WorkflowRun::run() {
  pipeline_->start([this] { io_.stop(); });  // nothing useful is left: idle connections and timers
  io_.run();
}

}  // namespace leadflow::engine
