// Moves records from the input through every step of the workflow to the output: many records
// in flight at once on one event loop, each record's steps in order, results written in input
// order (a bounded reorder window, so a million-row file never sits in memory), every row and
// step result recorded in the store.
#pragma once

#include "engine/bound_workflow.hpp"
#include "engine/operation_driver.hpp"
#include "engine/provider_runtime.hpp"
#include "io/record_reader.hpp"
#include "io/record_writer.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace leadflow::engine {

struct StepCounts {
  std::uint64_t found = 0, not_found = 0, done = 0, failed = 0, skipped = 0;
};

struct PipelineStats {
  std::uint64_t rows_read = 0;
  std::uint64_t rows_completed = 0;  // every step done; may wait in the reorder window
  std::uint64_t rows_written = 0;
  std::uint64_t input_errors = 0;
  std::vector<std::uint64_t> input_error_lines;  // the first few, for the summary
  std::vector<StepCounts> steps;                  // one per bound step
  std::map<std::string, std::uint64_t> failures;  // error code -> count, across steps
};

struct PipelineOptions {
  std::size_t concurrency = 64;     // records with an operation in flight
  std::size_t reorder_window = 4096;  // records started but not yet written
  std::string run_id;
};

// THREAD: the engine's event-loop thread only.
class RecordPipeline {
 public:
  RecordPipeline(boost::asio::io_context& io, RequestSender& sender, const EngineClock& clock, const BoundWorkflow& workflow,
                 std::vector<std::unique_ptr<ProviderRuntime>>& providers, io::RecordReader& reader, io::RecordWriter& writer,
                 store::Store& store, PipelineOptions options);

  // Starts pulling records; `finished` is called once every record read has been written.
  void start(std::function<void()> finished);
  // Reads no further records; those in flight finish and are written.
  void stop_intake();
  bool intake_stopped() const { return intake_stopped_; }

  const PipelineStats& stats() const { return stats_; }
  static constexpr std::string_view input_error_column = "input_error";

 private:
  struct Row {
    io::InputRow input;
    io::Record record;
    std::size_t next_step = 0;
    bool failed = false;
    bool complete = false;
  };

  void pump();
  void run_next_step(std::uint64_t seq);
  void on_step_done(std::uint64_t seq, const BoundStep& step, std::int64_t started_ms, OperationOutcome outcome);
  void skip_step(Row& row, std::uint64_t seq, const BoundStep& step, const std::string& reason);
  void complete(std::uint64_t seq);
  void write_completed();
  nlohmann::ordered_json step_input(const Row& row, const BoundStep& step) const;
  void record_result(std::uint64_t seq, const BoundStep& step, const std::string& status, const nlohmann::json& output,
                     const nlohmann::json& error, double credits, std::int64_t started_ms);

  boost::asio::io_context& io_;
  RequestSender& sender_;
  const EngineClock& clock_;
  const BoundWorkflow& workflow_;
  std::vector<std::unique_ptr<ProviderRuntime>>& providers_;
  io::RecordReader& reader_;
  io::RecordWriter& writer_;
  store::Store& store_;
  PipelineOptions options_;

  std::map<std::uint64_t, Row> rows_;  // started and not yet written, by read sequence
  std::uint64_t next_to_write_ = 1;
  std::size_t active_ = 0;
  bool reader_exhausted_ = false;
  bool intake_stopped_ = false;
  bool finished_ = false;
  bool pumping_ = false;
  std::function<void()> on_finished_;
  PipelineStats stats_;
};

}  // namespace leadflow::engine
