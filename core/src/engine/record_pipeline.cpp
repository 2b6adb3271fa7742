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

RecordPipeline::RecordPipeline(boost::asio::io_context& io, RequestSender& sender, const EngineClock& clock, Budget& budget,
                               const BoundWorkflow& workflow, std::vector<std::unique_ptr<ProviderRuntime>>& providers,
                               io::RecordReader& reader, io::RecordWriter& writer, store::Store& store, PipelineOptions options)
    : io_(io), sender_(sender), clock_(clock), budget_(budget), workflow_(workflow), providers_(providers), reader_(reader),
      writer_(writer), store_(store), options_(std::move(options)), lookups_(store, options_.caching) {
  stats_.steps.resize(workflow_.steps.size());
  for (const auto& step : workflow_.steps) {
    if (!step.batched()) {
      batchers_.emplace_back();
      continue;
    }
    batchers_.push_back(std::make_unique<Batcher>(io_, clock_, step.batch_size, step.batch_linger_ms,
                                                  [this, &step](std::vector<std::uint64_t> rows) {
                                                    ++stats_.batches;
                                                    admit(std::move(rows), step);
                                                  }));
  }
}

void RecordPipeline::start(std::function<void()> finished) {
  on_finished_ = std::move(finished);
  boost::asio::post(io_, [this] { pump(); });
}

void RecordPipeline::stop(StopReason reason, std::string detail) {
  if (stopping() || finished_) return;
  stats_.stop_reason = reason;
  stats_.stop_detail = detail.empty() ? "the run was stopped" : std::move(detail);
  for (auto& batcher : batchers_)
    if (batcher)
      for (auto seq : batcher->take_waiting()) interrupt(seq, stop_error());
  std::vector<std::shared_ptr<OperationDriver>> running;  // stopping one may finish it and edit drivers_
  for (auto& [id, driver] : drivers_)
    if (auto alive = driver.lock()) running.push_back(std::move(alive));
  for (auto& driver : running) driver->stop();
  boost::asio::post(io_, [this] { pump(); });
}

// What every row the stop leaves undone says: Ctrl-C, or which budget was spent.
nlohmann::json RecordPipeline::stop_error() const {
  return make_error(stats_.stop_reason == StopReason::budget ? "budget_exhausted" : "interrupted", stats_.stop_detail, true);
}

void RecordPipeline::pump() {
  if (pumping_ || finished_) return;  // a completion inside the loop below re-enters pump()
  pumping_ = true;
  while (!stopping() && !reader_exhausted_ && active_ < options_.concurrency && rows_.size() < options_.reorder_window) {
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
    if (options_.resume) restore(seq);
    advance(seq);
  }
  pumping_ = false;
  flush_batches_when_idle();
  maybe_finish();
}

// Once no record can reach a batch any more, lingering only delays the end of the run.
void RecordPipeline::flush_batches_when_idle() {
  if (!reader_exhausted_ || stopping() || pending_ > 0) return;
  for (auto& batcher : batchers_)
    if (batcher) batcher->flush_now();
  // A resumed batch some of whose rows never came back (the journal knew more): poll it with
  // the rows there are rather than wait for ever.
  for (auto& [state, seqs] : std::exchange(resumed_batches_, {})) {
    const auto& step = workflow_.steps[rows_.at(seqs.front()).next_step];
    admit(std::move(seqs), step);
  }
}

void RecordPipeline::maybe_finish() {
  if (finished_ || !(reader_exhausted_ || stopping()) || !rows_.empty() || pending_ > 0) return;
  finished_ = true;
  writer_.finish();
  if (on_finished_) on_finished_();
}

// Resuming: the row's finished steps come from the journal, and the next step's provider job,
// if one was submitted, is polled from its checkpoint.
void RecordPipeline::restore(std::uint64_t seq) {
  const auto& journal = *options_.resume;
  auto& row = rows_.at(seq);
  if (auto it = journal.inputs.find(seq); it != journal.inputs.end() && it->second != row.input.fields.dump())
    throw ResumeMismatch(fmt::format("row {} (line {}) differs from the row run {} read there: the input file has changed since; "
                                     "resume with the same file, or start a new run",
                                     seq, row.input.line, journal.run_id));
  for (; row.next_step < workflow_.steps.size(); ++row.next_step) {
    const auto& step = workflow_.steps[row.next_step];
    const auto* finished = journal.finished_step(seq, workflow_.spec(step).id);
    if (!finished) break;
    auto& counts = stats_.steps[row.next_step];
    if (finished->status == "done") {
      apply_output(row, step, nlohmann::json::parse(finished->output_json, nullptr, false));
    } else if (finished->status == "failed") {
      apply_failure(row, step, nlohmann::json::parse(finished->error_json, nullptr, false));
    } else {
      ++counts.skipped;
      const auto why = nlohmann::json::parse(finished->error_json, nullptr, false);
      const auto reason = why.is_object() ? why.value("message", "") : std::string();
      row.record[workflow_.spec(step).id] = nlohmann::ordered_json{{"status", "skipped"}, {"error", "skipped: " + reason}};
    }
  }
  if (row.next_step < workflow_.steps.size())
    row.checkpoint = journal.checkpoint(seq, workflow_.spec(workflow_.steps[row.next_step]).id).value_or("");
}

void RecordPipeline::advance(std::uint64_t seq) {
  auto& row = rows_.at(seq);
  if (row.next_step == workflow_.steps.size()) return complete(seq);
  const auto& step = workflow_.steps[row.next_step];
  const auto& provider = *providers_[step.provider];

  if (row.failed) return skip_step(seq, step, "an earlier step failed");
  if (provider.stopped_by)
    return skip_step(seq, step, fmt::format("provider '{}' was stopped earlier ({})", provider.name, error_text(*provider.stopped_by)));
  if (stopping()) return interrupt(seq, stop_error());
  if (row.checkpoint.empty() && answered_from_cache(seq, step)) return;
  if (step.batched() && !row.checkpoint.empty()) return admit_resumed_batch(seq, step);
  if (step.batched()) return batchers_[row.next_step]->add(seq);
  admit({seq}, step);
}

// A lookup already paid for answers from the cache; one already on its way answers later.
bool RecordPipeline::answered_from_cache(std::uint64_t seq, const BoundStep& step) {
  auto& row = rows_.at(seq);
  row.lookup = lookups_.key_for(providers_[step.provider]->plugin_id, step.capability, nlohmann::json(step_input(row, step)));
  if (!row.lookup) return false;
  if (auto output = lookups_.cached(*row.lookup)) {
    ++stats_.cache_hits;
    row.lookup.reset();
    OperationOutcome outcome;
    outcome.output = std::move(*output);
    on_step_done(seq, step, clock_.now_unix_ms(), std::move(outcome));
    return true;
  }
  if (!lookups_.wait_behind(*row.lookup, seq)) return false;
  row.lookup.reset();
  return true;
}

// The row's lookup ended: the rows that waited for it get its answer, free.
void RecordPipeline::settle_duplicates(Row& row, const BoundStep& step, std::int64_t started_ms, const OperationOutcome& outcome) {
  if (!row.lookup) return;
  const bool answered = !outcome.failed && !outcome.interrupted;
  const auto waiting = lookups_.finished(*row.lookup, answered ? &outcome.output : nullptr);
  row.lookup.reset();
  for (auto seq : waiting) {
    OperationOutcome copy = outcome;
    copy.credits = 0;
    if (!copy.interrupted) ++stats_.cache_hits;
    on_step_done(seq, step, started_ms, std::move(copy));
  }
}

// A batch that had been submitted resumes as that same batch, once its rows are read again.
void RecordPipeline::admit_resumed_batch(std::uint64_t seq, const BoundStep& step) {
  const auto& state = rows_.at(seq).checkpoint;
  auto& gathered = resumed_batches_[state];
  gathered.push_back(seq);
  if (gathered.size() < options_.resume->rows_sharing.at(state)) return;
  auto seqs = std::move(gathered);
  resumed_batches_.erase(state);
  admit(std::move(seqs), step);
}

// Waits for the account's and the capability's caps, then starts the operation.
void RecordPipeline::admit(std::vector<std::uint64_t> seqs, const BoundStep& step) {
  ++pending_;
  auto& account = *providers_[step.provider]->account;
  account.operations().enter([this, seqs = std::move(seqs), &step, &account]() mutable {
    account.capability(step.capability).enter([this, seqs = std::move(seqs), &step, &account]() mutable {
      const auto& provider = *providers_[step.provider];
      if (!stopping() && !provider.stopped_by) return start_operation(std::move(seqs), step, clock_.now_unix_ms());
      account.capability(step.capability).leave();
      account.operations().leave();
      --pending_;
      for (auto seq : seqs) advance(seq);  // skipped or interrupted, as the row's state now says
      boost::asio::post(io_, [this] { pump(); });
    });
  });
}

void RecordPipeline::start_operation(std::vector<std::uint64_t> seqs, const BoundStep& step, std::int64_t started_ms) {
  auto& provider = *providers_[step.provider];
  const auto& step_id = workflow_.spec(step).id;
  nlohmann::ordered_json input;
  std::string label;
  if (step.batched()) {
    input["items"] = nlohmann::ordered_json::array();
    for (auto seq : seqs) input["items"].push_back(step_input(rows_.at(seq), step));
    label = fmt::format("rows {}..{} ({} records) {}", seqs.front(), seqs.back(), seqs.size(), step_id);
  } else {
    input = step_input(rows_.at(seqs.front()), step);
    label = fmt::format("row {} {}", seqs.front(), step_id);
  }

  ++active_;
  std::unique_ptr<plugin::Operation> operation;
  try {
    operation = provider.instance->start(step.capability, nlohmann::json(input), rows_.at(seqs.front()).checkpoint, label);
  } catch (const std::exception& e) {
    return on_operation_done(seqs, step, started_ms, {true, {}, make_error("invalid_input", e.what())});
  }

  OperationServices services{
      io_, sender_, clock_, budget_,
      [this, seqs, &step_id](const std::string& state) {
        for (auto seq : seqs) store_.save_checkpoint(options_.run_id, seq, step_id, state);
      },
      [this](bool sleeping) {
        if (!sleeping) return void(++active_);
        --active_;
        boost::asio::post(io_, [this] { pump(); });
      },
      [this] { stop(StopReason::budget, budget_.refusal().value_or("the budget is spent")); },
      [this, seqs, &step, started_ms](std::function<void()> send) {
        for (auto seq : seqs) record_result(seq, step, "in_flight", {}, {}, 0, started_ms);
        journal_then(std::move(send));
      }};
  const auto id = next_operation_++;
  drivers_[id];  // before run(): the operation may finish inside it
  auto driver = OperationDriver::run(std::move(services), provider, std::move(operation),
                                     [this, id, seqs, &step, started_ms](OperationOutcome outcome) {
                                       drivers_.erase(id);
                                       on_operation_done(seqs, step, started_ms, std::move(outcome));
                                     });
  if (auto it = drivers_.find(id); it != drivers_.end()) it->second = driver;
}

// Group commit: the intents recorded during this turn of the event loop become durable with one
// commit, then their requests leave. A crash before the commit loses intents of requests that
// were never sent; a crash after it shows in the journal which requests may have been paid.
void RecordPipeline::journal_then(std::function<void()> send) {
  awaiting_commit_.push_back(std::move(send));
  if (awaiting_commit_.size() > 1) return;  // a commit is already scheduled
  boost::asio::post(io_, [this] {
    store_.flush();
    auto sends = std::exchange(awaiting_commit_, {});
    for (auto& go : sends) go();
  });
}

void RecordPipeline::on_operation_done(const std::vector<std::uint64_t>& seqs, const BoundStep& step, std::int64_t started_ms,
                                       OperationOutcome outcome) {
  --active_;
  --pending_;
  auto& account = *providers_[step.provider]->account;
  account.capability(step.capability).leave();
  account.operations().leave();
  if (!step.batched()) {
    on_step_done(seqs.front(), step, started_ms, std::move(outcome));
  } else {
    auto parts = split_batch(outcome, seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i) on_step_done(seqs[i], step, started_ms, std::move(parts[i]));
  }
  boost::asio::post(io_, [this] { pump(); });
}

// A batch answer holds one item per record, in order: an output, or {"error": {...}}.
std::vector<OperationOutcome> RecordPipeline::split_batch(const OperationOutcome& outcome, std::size_t rows) const {
  const double share = outcome.credits / static_cast<double>(rows);
  OperationOutcome whole = outcome;
  whole.output = nullptr;
  whole.credits = share;
  static const nlohmann::json no_items;
  const auto found = outcome.output.is_object() ? outcome.output.find("items") : outcome.output.end();
  const auto& items = found != outcome.output.end() ? *found : no_items;
  if (!outcome.failed && (!items.is_array() || items.size() != rows)) {
    whole.failed = true;
    whole.error = make_error("internal", fmt::format("the plugin answered {} results for a batch of {} records",
                                                     items.is_array() ? items.size() : 0, rows));
  }
  std::vector<OperationOutcome> parts(rows, whole);
  if (whole.failed) return parts;
  for (std::size_t i = 0; i < rows; ++i) {
    const auto& item = items[i];
    if (item.is_object() && item.contains("error")) {
      parts[i].failed = true;
      parts[i].error = item["error"].is_object() ? item["error"] : make_error("internal", "the plugin gave an error that is not an object");
    } else if (item.is_object()) {
      parts[i].output = item;
    } else {
      parts[i].failed = true;
      parts[i].error = make_error("internal", "the plugin answered a batch result that is not a JSON object");
    }
  }
  return parts;
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
  settle_duplicates(row, step, started_ms, outcome);
  if (outcome.interrupted) return interrupt(seq, stopping() ? stop_error() : outcome.error, outcome.credits);
  row.checkpoint.clear();
  auto& provider = *providers_[step.provider];
  if (outcome.failed) {
    if (stops_provider(outcome.error) && !provider.stopped_by) provider.stopped_by = outcome.error;
    record_result(seq, step, "failed", {}, outcome.error, outcome.credits, started_ms);
    apply_failure(row, step, outcome.error);
  } else {
    record_result(seq, step, "done", outcome.output, {}, outcome.credits, started_ms);
    apply_output(row, step, outcome.output);
  }
  ++row.next_step;
  advance(seq);
}

// The step's columns from its output: "status" first, then the capability's fields.
void RecordPipeline::apply_output(Row& row, const BoundStep& step, const nlohmann::json& output) {
  auto& counts = stats_.steps[row.next_step];
  const auto status = output.is_object() ? output.value("status", "done") : std::string("done");
  if (status == "found") ++counts.found;
  else if (status == "not_found") ++counts.not_found;
  else ++counts.done;
  nlohmann::ordered_json result = nlohmann::ordered_json::object();
  result["status"] = status;
  if (output.is_object())
    for (const auto& [key, value] : output.items())
      if (key != "status") result[key] = value;
  row.record[workflow_.spec(step).id] = std::move(result);
}

void RecordPipeline::apply_failure(Row& row, const BoundStep& step, const nlohmann::json& error) {
  ++stats_.steps[row.next_step].failed;
  const auto code = error.is_object() ? error.value("code", "internal") : std::string("internal");
  ++stats_.failures[code];
  row.failed = true;
  row.record[workflow_.spec(step).id] =
      nlohmann::ordered_json{{"status", "failed"}, {"error", error.is_object() ? error_text(error) : std::string("internal: no message")}};
}

void RecordPipeline::skip_step(std::uint64_t seq, const BoundStep& step, const std::string& reason) {
  auto& row = rows_.at(seq);
  ++stats_.steps[row.next_step].skipped;
  row.record[workflow_.spec(step).id] = nlohmann::ordered_json{{"status", "skipped"}, {"error", "skipped: " + reason}};
  record_result(seq, step, "skipped", {}, make_error("skipped", reason), 0, clock_.now_unix_ms());
  ++row.next_step;
  advance(seq);
}

// The row's current step did not run (or was cancelled): it is written as interrupted, and its
// later steps are left empty; the journal keeps it pending so a resumed run finishes it.
void RecordPipeline::interrupt(std::uint64_t seq, const nlohmann::json& why, double credits) {
  auto& row = rows_.at(seq);
  const auto& step = workflow_.steps[row.next_step];
  if (row.lookup) {
    OperationOutcome outcome;
    outcome.interrupted = outcome.failed = true;
    outcome.error = why;
    settle_duplicates(row, step, clock_.now_unix_ms(), outcome);
  }
  ++stats_.steps[row.next_step].interrupted;
  row.record[workflow_.spec(step).id] = nlohmann::ordered_json{{"status", "interrupted"}, {"error", error_text(why)}};
  record_result(seq, step, "interrupted", {}, why, credits, clock_.now_unix_ms());
  complete(seq);
}

void RecordPipeline::record_result(std::uint64_t seq, const BoundStep& step, const std::string& state, const nlohmann::json& output,
                                   const nlohmann::json& error, double credits, std::int64_t started_ms) {
  store::StepResult result;
  result.run_id = options_.run_id;
  result.row = seq;
  result.step_id = workflow_.spec(step).id;
  result.provider = providers_[step.provider]->name;
  result.capability = step.capability;
  result.status = state;
  if (output.is_object()) result.result = output.value("status", "");
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
