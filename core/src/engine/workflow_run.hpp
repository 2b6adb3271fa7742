// One run of a bound workflow over a record source: the event loop, the HTTP client, the
// provider instances with their shared accounts, the budget, and the record pipeline, put
// together and run to the end. The CLI and embedders drive runs through this one class.
#pragma once

#include "engine/bound_workflow.hpp"
#include "engine/budget.hpp"
#include "engine/engine_clock.hpp"
#include "engine/provider_account.hpp"
#include "engine/provider_runtime.hpp"
#include "engine/record_pipeline.hpp"
#include "engine/request_sender.hpp"
#include "engine/resume_state.hpp"
#include "http/http_client.hpp"
#include "io/record_reader.hpp"
#include "io/record_writer.hpp"
#include "plugin/host_services.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace leadflow::engine {

struct RunSettings {
  std::string run_id;
  std::size_t concurrency = 1024;  // operations in flight and not sleeping
  const ResumeState* resume = nullptr;  // continuing an unfinished run; outlives the run
  ResultCaching caching;                 // its ttl_ms is replaced by the workflow's `cache: {ttl}` when set
  // The suppression-list check (PipelineOptions::suppressed); empty: nothing is suppressed.
  std::function<std::optional<std::string>(const std::string& email)> suppressed;
};

// THREAD: construct and run() on one thread; stop() and abort_now() from that thread (e.g. a
// signal handler running on the loop) or through post() onto io().
class WorkflowRun {
 public:
  // Creates the plugin instances (throws std::runtime_error, secrets masked, when one refuses
  // its config). Nothing is sent before run().
  WorkflowRun(const BoundWorkflow& workflow, const EngineClock& clock, plugin::HostDelegate& delegate, io::RecordReader& reader,
              io::RecordWriter& writer, store::Store& store, RunSettings settings);
  ~WorkflowRun();

  boost::asio::io_context& io() { return io_; }

  // Runs until every record read has been written (or the run was stopped and its in-flight
  // work has settled). Throws io::Error when the output cannot be written.
  void run();
  // Stops intake and interrupts waiting work (see RecordPipeline::stop).
  void stop(StopReason reason = StopReason::interrupted) { pipeline_->stop(reason); }

  const RecordPipeline& pipeline() const { return *pipeline_; }
  const std::vector<std::unique_ptr<ProviderRuntime>>& providers() const { return providers_; }
  const Budget& budget() const { return budget_; }

 private:
  boost::asio::io_context io_;
  http::Client client_;
  RequestSender sender_;
  ProviderAccounts accounts_;
  Budget budget_;
  std::vector<std::unique_ptr<ProviderRuntime>> providers_;
  std::unique_ptr<RecordPipeline> pipeline_;
};

}  // namespace leadflow::engine
