// Moves records from the input through every step of the workflow to the output: many records
// in flight at once on one event loop, each record's steps in order, batch steps fed by a
// Batcher, every operation admitted through its account's caps, results written in input
// order (a bounded window, so a million-row file never sits in memory), and every row and step
// result recorded in the store. stop() ends intake and interrupts what has not been sent.
#pragma once

#include "engine/batcher.hpp"
#include "engine/bound_workflow.hpp"
#include "engine/budget.hpp"
#include "engine/operation_driver.hpp"
#include "engine/provider_runtime.hpp"
#include "engine/resume_state.hpp"
#include "engine/shared_lookups.hpp"
#include "engine/waterfall.hpp"
#include "io/record_reader.hpp"
#include "io/record_writer.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace leadflow::engine {

struct StepCounts {
  std::uint64_t found = 0, not_found = 0, done = 0, failed = 0, skipped = 0, interrupted = 0;
};

// Why a run ended before its input did.
enum class StopReason { none, interrupted, budget, step_failed };

struct PipelineStats {
  std::uint64_t rows_read = 0;
  std::uint64_t rows_completed = 0;  // every step done; may wait in the reorder window
  std::uint64_t rows_written = 0;
  std::uint64_t input_errors = 0;
  std::vector<std::uint64_t> input_error_lines;  // the first few, for the summary
  std::vector<StepCounts> steps;                  // one per bound step
  std::map<std::string, std::uint64_t> failures;  // error code -> count, across steps
  std::uint64_t batches = 0;                      // batch operations started
  std::uint64_t cache_hits = 0;                   // lookups answered by the result cache or a duplicate row in flight
  std::uint64_t suppressed = 0;                   // add_to_list / add_to_campaign not sent: the address is on a suppression list
  StopReason stop_reason = StopReason::none;
  std::string stop_detail;                        // e.g. the budget that was spent
};

struct PipelineOptions {
  std::size_t concurrency = 1024;     // operations in flight and not sleeping
  std::size_t reorder_window = 4096;  // records read but not yet written
  std::string run_id;
  const ResumeState* resume = nullptr;  // continuing an earlier run: its journal
  ResultCaching caching;
  // The do-not-contact check of add_to_list / add_to_campaign: the suppression entry that
  // covers an address, or nullopt. Empty: nothing is suppressed.
  std::function<std::optional<std::string>(const std::string& email)> suppressed;
};

// The input of a resumed run is not the one the run started with.
struct ResumeMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// THREAD: the engine's event-loop thread only.
class RecordPipeline {
 public:
  RecordPipeline(boost::asio::io_context& io, RequestSender& sender, const EngineClock& clock, Budget& budget,
                 const BoundWorkflow& workflow, std::vector<std::unique_ptr<ProviderRuntime>>& providers, io::RecordReader& reader,
                 io::RecordWriter& writer, store::Store& store, PipelineOptions options);

  // Starts pulling records; `finished` is called once every record read has been written.
  void start(std::function<void()> finished);
  // Reads no further records and sends nothing new: operations waiting (a sleep, a queued
  // request, a batch not yet sent) are interrupted; requests on the wire finish.
  void stop(StopReason reason, std::string detail = {});
  bool stopping() const { return stats_.stop_reason != StopReason::none; }

  const PipelineStats& stats() const { return stats_; }
  static constexpr std::string_view input_error_column = "input_error";

 private:
  // Rows are keyed by their read sequence shifted left by lane_bits; a step that answers many
  // people (find_domain_emails) replaces its row by one row per person in the lanes below it,
  // so the output keeps input order and each person stays next to the lead it came from.
  static constexpr unsigned lane_bits = 20;
  using RowId = std::uint64_t;
  static std::uint64_t sequence_of(RowId id) { return id >> lane_bits; }
  static std::uint64_t lane_of(RowId id) { return id & ((std::uint64_t{1} << lane_bits) - 1); }

  struct Row {
    io::InputRow input;
    io::Record record;
    std::size_t next_step = 0;
    bool failed = false;
    bool complete = false;
    std::string checkpoint;  // resuming: the next step's provider job, polled instead of submitted
    std::optional<store::ResultKey> lookup;  // the current step's cache key, when it is a cacheable lookup
    AttemptResults attempts;  // the attempts and verifications of the waterfalls it went through
  };
  void pump();
  void maybe_finish();
  void advance(RowId id);
  void check_input_unchanged(RowId id);
  bool restored_from_journal(RowId id, const BoundStep& step);
  bool enters_step(RowId id, const BoundStep& step);
  void pass(RowId id);
  void proceed(RowId id, const BoundStep& step);
  void fan_out(RowId id, const BoundStep& step);
  void settle_waterfall(RowId id, const BoundStep& step);
  bool suppressed(RowId id, const BoundStep& step);
  void journal_then(std::function<void()> send);
  // True when the cache (or an identical lookup already in flight) answers the row's step.
  bool answered_from_cache(RowId id, const BoundStep& step);
  void settle_duplicates(Row& row, const BoundStep& step, std::int64_t started_ms, const OperationOutcome& outcome);
  void admit_resumed_batch(RowId id, const BoundStep& step);
  void admit(std::vector<RowId> ids, const BoundStep& step);
  void start_operation(std::vector<RowId> ids, const BoundStep& step, std::int64_t started_ms);
  void on_operation_done(const std::vector<RowId>& ids, const BoundStep& step, std::int64_t started_ms, OperationOutcome outcome);
  std::vector<OperationOutcome> split_batch(const OperationOutcome& outcome, std::size_t rows) const;
  void on_step_done(RowId id, const BoundStep& step, std::int64_t started_ms, OperationOutcome outcome);
  void skip_step(RowId id, const BoundStep& step, const std::string& reason);
  void apply_output(Row& row, const BoundStep& step, const nlohmann::json& output);
  void apply_failure(RowId id, const BoundStep& step, const nlohmann::json& error);
  void interrupt(RowId id, const nlohmann::json& why, double credits = 0);
  nlohmann::json stop_error() const;
  void flush_batches_when_idle();
  void complete(RowId id);
  void write_completed();
  nlohmann::ordered_json step_input(const Row& row, const BoundStep& step) const;
  std::string journal_key(RowId id, const BoundStep& step) const;
  void record_result(RowId id, const BoundStep& step, const std::string& state, const nlohmann::json& output,
                     const nlohmann::json& error, double credits, std::int64_t started_ms);

  boost::asio::io_context& io_;
  RequestSender& sender_;
  const EngineClock& clock_;
  Budget& budget_;
  const BoundWorkflow& workflow_;
  std::vector<std::unique_ptr<ProviderRuntime>>& providers_;
  io::RecordReader& reader_;
  io::RecordWriter& writer_;
  store::Store& store_;
  PipelineOptions options_;
  SharedLookups lookups_;

  std::map<RowId, Row> rows_;  // read and not yet written, in output order
  std::vector<std::unique_ptr<Batcher>> batchers_;  // by step index; null for one-record steps
  std::map<std::uint64_t, std::weak_ptr<OperationDriver>> drivers_;  // operations in flight
  std::map<std::string, std::vector<RowId>> resumed_batches_;  // checkpoint -> rows gathered so far
  std::vector<std::function<void()>> awaiting_commit_;  // paid requests whose intent commits next
  std::uint64_t next_operation_ = 1;
  std::size_t active_ = 0;   // operations in flight and not sleeping
  std::size_t pending_ = 0;  // operations admitted or waiting for admission, not yet done
  bool reader_exhausted_ = false;
  bool finished_ = false;
  bool pumping_ = false;
  std::function<void()> on_finished_;
  PipelineStats stats_;
};

}  // namespace leadflow::engine
