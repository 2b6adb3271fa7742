// The record pipeline; see record_pipeline.hpp.
#include "engine/record_pipeline.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

namespace leadflow::engine {
namespace {

// Codes that say the provider cannot serve this account at all: stop sending to it.
bool stops_provider(const nlohmann::json& error) {
  const auto code = error.value("code", "");
  return code == "auth_failed" || code == "out_of_credits";
}

std::string error_text(const nlohmann::json& error) {
  return fmt::format("{}: {}", error.value("code", "internal"), error.value("message", "no message"));
}

}  // namespace

RecordPipeline::RecordPipeline(boost::asio::io_context& io, RequestSender& sender, const EngineClock& clock,
                               const BoundWorkflow& workflow, std::vector<std::unique_ptr<ProviderRuntime>>& providers,
                               io::RecordReader& reader, io::RecordWriter& writer, store::Store& store, PipelineOptions options)
    : io_(io), sender_(sender), clock_(clock), workflow_(workflow), providers_(providers), reader_(reader), writer_(writer),
      store_(store), options_(std::move(options)) {
  stats_.steps.resize(workflow_.steps.size());
}

void RecordPipeline::start(std::function<void()> finished) {
  on_finished_ = std::move(finished);
  boost::asio::post(io_, [this] { pump(); });
}

void RecordPipeline::stop_intake() {
  intake_stopped_ = true;
  boost::asio::post(io_, [this] { pump(); });
}

void RecordPipeline::pump() {
  if (pumping_ || finished_) return;  // a completion inside the loop below re-enters pump()
  pumping_ = true;
  while (!intake_stopped_ && !reader_exhausted_ && active_ < options_.concurrency && rows_.size() < options_.reorder_window) {
    Row row;
    if (!reader_.next(row.input)) {
      reader_exhausted_ = true;
      break;
    }
    const auto seq = ++stats_.rows_read;
    row.record = row.input.fields;
    store_.record_row({options_.run_id, seq, row.input.line, row.input.fields.dump(), row.input.error});
    const bool malformed = !row.input.error.empty();
    auto& stored = rows_.emplace(seq, std::move(row)).first->second;
    if (malformed) {
      ++stats_.input_errors;
      if (stats_.input_error_lines.size() < 10) stats_.input_error_lines.push_back(stored.input.line);
      stored.record[std::string(input_error_column)] = fmt::format("line {}: {}", stored.input.line, stored.input.error);
      complete(seq);
      continue;
    }
    ++active_;
    run_next_step(seq);
  }
  pumping_ = false;
  if ((reader_exhausted_ || intake_stopped_) && rows_.empty() && !finished_) {
    finished_ = true;
    writer_.finish();
    if (on_finished_) on_finished_();
  }
}

void RecordPipeline::run_next_step(std::uint64_t seq) {
  auto& row = rows_.at(seq);
  if (row.next_step == workflow_.steps.size()) {
    --active_;
    complete(seq);
    return boost::asio::post(io_, [this] { pump(); });
  }
  const auto& step = workflow_.steps[row.next_step];
  auto& provider = *providers_[step.provider];

  if (row.failed) return skip_step(row, seq, step, "an earlier step failed");
  if (provider.stopped_by)
    return skip_step(row, seq, step, fmt::format("provider '{}' was stopped earlier ({})", provider.name, error_text(*provider.stopped_by)));

  const auto started_ms = clock_.now_unix_ms();
  std::unique_ptr<plugin::Operation> operation;
  try {
    operation = provider.instance->start(step.capability, nlohmann::json(step_input(row, step)), "",
                                         fmt::format("row {} {}", seq, workflow_.spec(step).id));
  } catch (const std::exception& e) {
    return on_step_done(seq, step, started_ms, {true, {}, make_error("invalid_input", e.what())});
  }

  OperationServices services{io_, sender_, clock_, [this, seq, &step](const std::string& state) {
                               store_.save_checkpoint(options_.run_id, seq, workflow_.spec(step).id, state);
                             }};
  OperationDriver::run(std::move(services), provider, std::move(operation),
                       [this, seq, &step, started_ms](OperationOutcome outcome) { on_step_done(seq, step, started_ms, std::move(outcome)); });
}

nlohmann::ordered_json RecordPipeline::step_input(const Row& row, const BoundStep& step) const {
  nlohmann::ordered_json input = nlohmann::ordered_json::object();
  for (const auto& field : workflow_.spec(step).inputs) {
    auto value = field.value.render(row.record);
    if (value.find_first_not_of(" \t\r\n") != std::string::npos) input[field.field] = std::move(value);
  }
  return input;
}

void RecordPipeline::on_step_done(std::uint64_t seq, const BoundStep& step, std::int64_t started_ms, OperationOutcome outcome) {
  auto& row = rows_.at(seq);
  auto& counts = stats_.steps[row.next_step];
  auto& provider = *providers_[step.provider];
  nlohmann::ordered_json result = nlohmann::ordered_json::object();

  if (outcome.failed) {
    ++counts.failed;
    ++stats_.failures[outcome.error.value("code", "internal")];
    result["status"] = "failed";
    result["error"] = error_text(outcome.error);
    row.failed = true;
    if (stops_provider(outcome.error) && !provider.stopped_by) provider.stopped_by = outcome.error;
    record_result(seq, step, "failed", {}, outcome.error, outcome.credits, started_ms);
  } else {
    const auto status = outcome.output.value("status", "done");
    if (status == "found") ++counts.found;
    else if (status == "not_found") ++counts.not_found;
    else ++counts.done;
    result["status"] = status;
    for (const auto& [key, value] : outcome.output.items())
      if (key != "status") result[key] = value;
    record_result(seq, step, status, outcome.output, {}, outcome.credits, started_ms);
  }
  row.record[workflow_.spec(step).id] = std::move(result);
  ++row.next_step;
  run_next_step(seq);
}

void RecordPipeline::skip_step(Row& row, std::uint64_t seq, const BoundStep& step, const std::string& reason) {
  ++stats_.steps[row.next_step].skipped;
  row.record[workflow_.spec(step).id] = nlohmann::ordered_json{{"status", "skipped"}, {"error", "skipped: " + reason}};
  record_result(seq, step, "skipped", {}, make_error("skipped", reason), 0, clock_.now_unix_ms());
  ++row.next_step;
  run_next_step(seq);
}

void RecordPipeline::record_result(std::uint64_t seq, const BoundStep& step, const std::string& status, const nlohmann::json& output,
                                   const nlohmann::json& error, double credits, std::int64_t started_ms) {
  store::StepResult result;
  result.run_id = options_.run_id;
  result.row = seq;
  result.step_id = workflow_.spec(step).id;
  result.provider = providers_[step.provider]->name;
  result.capability = step.capability;
  result.status = status;
  result.output_json = output.is_null() ? "" : output.dump();
  result.error_json = error.is_null() ? "" : error.dump();
  result.credits = credits;
  result.started_ms = started_ms;
  result.finished_ms = clock_.now_unix_ms();
  store_.record_step(result);
}

void RecordPipeline::complete(std::uint64_t seq) {
  rows_.at(seq).complete = true;
  ++stats_.rows_completed;
  write_completed();
}

void RecordPipeline::write_completed() {
  while (!rows_.empty() && rows_.begin()->first == next_to_write_ && rows_.begin()->second.complete) {
    writer_.write(rows_.begin()->second.record);
    rows_.erase(rows_.begin());
    ++next_to_write_;
    ++stats_.rows_written;
  }
}

}  // namespace leadflow::engine
