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

// What a resumed run keeps of a journaled step: answers, and failures that are the record's own
// (the provider rejected it). A failure that was the provider's state — no credits left, a key
// refused, an outage — is tried again, since the resume may come after the top-up or the fix;
// and skips are decided again from the row as it now stands.
bool kept_on_resume(const store::StepResult& finished, const nlohmann::json& error) {
  if (finished.status == "done") return true;
  if (finished.status != "failed") return false;
  const auto code = error.is_object() ? error.value("code", "") : std::string();
  return code != "out_of_credits" && code != "auth_failed" && code != "provider_unavailable" && code != "rate_limited" &&
         code != "transport" && code != "timeout";
}

std::string error_text(const nlohmann::json& error) {
  return fmt::format("{}: {}", error.value("code", "internal"), error.value("message", "no message"));
}

// The address an add_to_list / add_to_campaign step would send.
std::string email_input(const nlohmann::ordered_json& input) {
  const auto email = input.find("email");
  return email != input.end() && email->is_string() ? email->get<std::string>() : "";
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
    const RowId id = seq << lane_bits;
    row.record = row.input.fields;
    store_.record_row({options_.run_id, seq, row.input.line, row.input.fields.dump(), row.input.error});
    const bool malformed = !row.input.error.empty();
    auto& stored = rows_.emplace(id, std::move(row)).first->second;
    if (malformed) {
      ++stats_.input_errors;
      if (stats_.input_error_lines.size() < 10) stats_.input_error_lines.push_back(stored.input.line);
      stored.record[std::string(input_error_column)] = fmt::format("line {}: {}", stored.input.line, stored.input.error);
      complete(id);
      continue;
    }
    if (options_.resume) check_input_unchanged(id);
    advance(id);
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

// Resuming: a row must be the one the interrupted run read at the same place.
void RecordPipeline::check_input_unchanged(RowId id) {
  const auto& journal = *options_.resume;
  const auto& row = rows_.at(id);
  const auto seq = sequence_of(id);
  if (auto it = journal.inputs.find(seq); it != journal.inputs.end() && it->second != row.input.fields.dump())
    throw ResumeMismatch(fmt::format("row {} (line {}) differs from the row run {} read there: the input file has changed since; "
                                     "resume with the same file, or start a new run",
                                     seq, row.input.line, journal.run_id));
}

// Takes the row through its next bound step: from the journal when an interrupted run finished
// it, without an operation when a condition, a waterfall or the suppression list decides, from
// the cache when the lookup was paid for already, else through the provider.
void RecordPipeline::advance(RowId id) {
  auto& row = rows_.at(id);
  if (row.next_step == workflow_.steps.size()) return complete(id);
  const auto& step = workflow_.steps[row.next_step];
  if (row.next_step == step.first && !enters_step(id, step)) return;
  if (options_.resume && step.runs_operation() && restored_from_journal(id, step)) return;

  switch (step.role) {
    case StepRole::outcome: return settle_waterfall(id, step);
    case StepRole::attempt:
      if (judge_waterfall(workflow_, step, row.next_step, row.attempts).kind != WaterfallState::Kind::open) return pass(id);
      break;
    case StepRole::verification: {
      const auto email = found_email(row.attempts, row.next_step - 1);
      if (email.empty()) return pass(id);
      for (std::size_t earlier = step.first; earlier + 1 < row.next_step; ++earlier)  // an address is verified once per row
        if (workflow_.steps[earlier].role == StepRole::verification && found_email(row.attempts, earlier - 1) == email &&
            row.attempts.count(earlier)) {
          row.attempts[row.next_step] = row.attempts.at(earlier);
          ++stats_.steps[row.next_step].done;
          ++stats_.cache_hits;
          return pass(id);
        }
      break;
    }
    case StepRole::single: break;
  }

  const auto& provider = *providers_[step.provider];
  if (provider.stopped_by) {
    const auto why = fmt::format("provider '{}' was stopped earlier ({})", provider.name, error_text(*provider.stopped_by));
    if (step.role == StepRole::single) return skip_step(id, step, why);
    row.attempts[row.next_step] = {AttemptResult::Kind::skipped, nullptr, make_error("skipped", why)};
    return pass(id);
  }
  if (stopping()) return interrupt(id, stop_error());
  if (step.suppressible && suppressed(id, step)) return;
  if (row.checkpoint.empty() && answered_from_cache(id, step)) return;
  if (step.batched() && !row.checkpoint.empty()) return admit_resumed_batch(id, step);
  if (step.batched()) return batchers_[row.next_step]->add(id);
  admit({id}, step);
}

// The first bound step of a workflow step: a row whose earlier step failed skips it, and so does
// a row its `when:` condition is false for. False: the row has moved past the whole step.
bool RecordPipeline::enters_step(RowId id, const BoundStep& step) {
  auto& row = rows_.at(id);
  const auto& spec = workflow_.spec(step);
  std::string reason;
  if (row.failed) {
    reason = "an earlier step failed";
  } else if (const auto& condition = workflow_.conditions[step.spec]) {
    try {
      if (!condition->truthy(row.record)) reason = "when: the condition is false";
    } catch (const std::exception& e) {
      const auto error = make_error("invalid_input", fmt::format("the when: condition failed on this row: {}", e.what()));
      row.next_step = step.last;
      apply_failure(id, workflow_.steps[step.last], error);
      ++row.next_step;
      advance(id);
      return false;
    }
  }
  if (reason.empty()) return true;
  row.next_step = step.last;
  if (row.failed) return skip_step(id, workflow_.steps[step.last], reason), false;
  ++stats_.steps[row.next_step].skipped;
  row.record[spec.id] = nlohmann::ordered_json{{"status", "skipped"}, {"error", reason}};
  ++row.next_step;
  advance(id);
  return false;
}

// Resuming: a step the interrupted run finished is taken from its journal, not redone; a job it
// submitted is polled from its checkpoint.
bool RecordPipeline::restored_from_journal(RowId id, const BoundStep& step) {
  const auto& journal = *options_.resume;
  auto& row = rows_.at(id);
  const auto key = journal_key(id, step);
  const auto* finished = journal.finished_step(sequence_of(id), key);
  const auto error = finished ? nlohmann::json::parse(finished->error_json.empty() ? "null" : finished->error_json, nullptr, false)
                              : nlohmann::json();
  if (!finished || !kept_on_resume(*finished, error)) {
    row.checkpoint = journal.checkpoint(sequence_of(id), key).value_or("");
    return false;
  }
  const auto output = nlohmann::json::parse(finished->output_json.empty() ? "null" : finished->output_json, nullptr, false);
  if (step.role == StepRole::attempt || step.role == StepRole::verification) {
    const auto kind = finished->status == "done"     ? AttemptResult::Kind::answered
                      : finished->status == "failed" ? AttemptResult::Kind::failed
                                                     : AttemptResult::Kind::skipped;
    auto& counts = stats_.steps[row.next_step];
    ++(kind == AttemptResult::Kind::answered ? counts.done : kind == AttemptResult::Kind::failed ? counts.failed : counts.skipped);
    row.attempts[row.next_step] = {kind, output, error};
    pass(id);
    return true;
  }
  if (finished->status == "done") {
    apply_output(row, step, output);
  } else if (finished->status == "failed") {
    apply_failure(id, step, error);
  } else {
    ++stats_.steps[row.next_step].skipped;
    const auto reason = error.is_object() ? error.value("message", "") : std::string();
    row.record[workflow_.spec(step).id] = nlohmann::ordered_json{{"status", "skipped"}, {"error", "skipped: " + reason}};
  }
  proceed(id, step);
  return true;
}

// On to the next bound step without an operation.
void RecordPipeline::pass(RowId id) {
  ++rows_.at(id).next_step;
  advance(id);
}

// On to the next bound step after `step` answered: one row each for the people it found.
void RecordPipeline::proceed(RowId id, const BoundStep& step) {
  auto& row = rows_.at(id);
  ++row.next_step;
  const auto& result = row.record[workflow_.spec(step).id];
  // One fan-out per input row: a person's row (lane > 0) keeps a second list of people as JSON.
  if (step.fans_out && lane_of(id) == 0 && result.is_object() && result.contains("people") && result["people"].is_array() &&
      !result["people"].empty())
    return fan_out(id, step);
  advance(id);
}

// Each person becomes a row of its own, after the lead it came from, carrying the lead's
// columns and the person under the step's id.
void RecordPipeline::fan_out(RowId id, const BoundStep& step) {
  auto parent = std::move(rows_.at(id));
  rows_.erase(id);
  const auto& step_id = workflow_.spec(step).id;
  auto summary = parent.record[step_id];
  auto people = std::move(summary["people"]);
  summary.erase("people");
  const auto limit = std::min<std::size_t>(people.size(), (std::size_t{1} << lane_bits) - 1);
  std::vector<RowId> children;
  for (std::size_t i = 0; i < limit; ++i) {
    Row child;
    child.input = parent.input;
    child.record = parent.record;
    child.next_step = parent.next_step;
    child.attempts = parent.attempts;
    auto person = summary;
    if (people[i].is_object())
      for (const auto& [key, value] : people[i].items()) person[key] = value;
    child.record[step_id] = std::move(person);
    const RowId child_id = id + i + 1;
    rows_.emplace(child_id, std::move(child));
    children.push_back(child_id);
  }
  for (auto child : children) advance(child);
}

// The waterfall's result becomes the step's columns; a waterfall that failed for good fails the
// step as any step fails.
void RecordPipeline::settle_waterfall(RowId id, const BoundStep& step) {
  auto& row = rows_.at(id);
  nlohmann::json failed;
  auto outcome = waterfall_outcome(workflow_, step, row.attempts, failed);
  if (!failed.is_null()) {
    apply_failure(id, step, failed);
    if (row.record[workflow_.spec(step).id].is_object()) row.record[workflow_.spec(step).id]["attempts"] = outcome["attempts"];
  } else {
    apply_output(row, step, nlohmann::json(outcome));
  }
  proceed(id, step);
}

// An address on a suppression list is never sent to a list or a campaign.
bool RecordPipeline::suppressed(RowId id, const BoundStep& step) {
  if (!options_.suppressed) return false;
  auto& row = rows_.at(id);
  std::string email;
  try {
    email = email_input(step_input(row, step));
  } catch (const workflow::TemplateError&) {
    return false;  // the operation's own input check reports it
  }
  const auto entry = email.empty() ? std::nullopt : options_.suppressed(email);
  if (!entry) return false;
  ++stats_.suppressed;
  const nlohmann::json output{{"status", "suppressed"}, {"suppressed_by", *entry}};
  record_result(id, step, "done", output, {}, 0, clock_.now_unix_ms());
  apply_output(row, step, output);
  proceed(id, step);
  return true;
}

// A lookup already paid for answers from the cache; one already on its way answers later.
bool RecordPipeline::answered_from_cache(RowId seq, const BoundStep& step) {
  auto& row = rows_.at(seq);
  nlohmann::json input;
  try {
    input = step_input(row, step);
  } catch (const workflow::TemplateError& e) {
    OperationOutcome outcome{true, {}, make_error("invalid_input", e.what())};
    on_step_done(seq, step, clock_.now_unix_ms(), std::move(outcome));
    return true;
  }
  row.lookup = lookups_.key_for(providers_[step.provider]->plugin_id, step.capability, input);
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
void RecordPipeline::admit_resumed_batch(RowId seq, const BoundStep& step) {
  const auto& state = rows_.at(seq).checkpoint;
  auto& gathered = resumed_batches_[state];
  gathered.push_back(seq);
  if (gathered.size() < options_.resume->rows_sharing.at(state)) return;
  auto seqs = std::move(gathered);
  resumed_batches_.erase(state);
  admit(std::move(seqs), step);
}

// Waits for the account's and the capability's caps, then starts the operation.
void RecordPipeline::admit(std::vector<RowId> seqs, const BoundStep& step) {
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

void RecordPipeline::start_operation(std::vector<RowId> seqs, const BoundStep& step, std::int64_t started_ms) {
  auto& provider = *providers_[step.provider];
  nlohmann::ordered_json input;
  std::string label;
  ++active_;
  try {
    if (step.batched()) {
      input["items"] = nlohmann::ordered_json::array();
      for (auto seq : seqs) input["items"].push_back(step_input(rows_.at(seq), step));
      label = fmt::format("rows {}..{} ({} records) {}", sequence_of(seqs.front()), sequence_of(seqs.back()), seqs.size(), step.key);
    } else {
      input = step_input(rows_.at(seqs.front()), step);
      label = fmt::format("row {} {}", sequence_of(seqs.front()), step.key);
    }
  } catch (const workflow::TemplateError& e) {
    return on_operation_done(seqs, step, started_ms, {true, {}, make_error("invalid_input", e.what())});
  }

  std::unique_ptr<plugin::Operation> operation;
  try {
    operation = provider.instance->start(step.capability, nlohmann::json(input), rows_.at(seqs.front()).checkpoint, label);
  } catch (const std::exception& e) {
    return on_operation_done(seqs, step, started_ms, {true, {}, make_error("invalid_input", e.what())});
  }

  OperationServices services{
      io_, sender_, clock_, budget_,
      [this, seqs, &step](const std::string& state) {
        std::vector<std::pair<std::uint64_t, std::string>> rows;
        for (auto seq : seqs) rows.emplace_back(sequence_of(seq), journal_key(seq, step));
        store_.save_checkpoints(options_.run_id, rows, state);
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

void RecordPipeline::on_operation_done(const std::vector<RowId>& seqs, const BoundStep& step, std::int64_t started_ms,
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
  if (step.role == StepRole::verification) {
    input["email"] = found_email(row.attempts, row.next_step - 1);
    return input;
  }
  for (const auto& field : workflow_.spec(step).inputs) {
    auto value = field.value.render(row.record);
    if (value.find_first_not_of(" \t\r\n") != std::string::npos) input[field.field] = std::move(value);
  }
  return input;
}

void RecordPipeline::on_step_done(RowId id, const BoundStep& step, std::int64_t started_ms, OperationOutcome outcome) {
  auto& row = rows_.at(id);
  settle_duplicates(row, step, started_ms, outcome);
  if (outcome.interrupted) return interrupt(id, stopping() ? stop_error() : outcome.error, outcome.credits);
  row.checkpoint.clear();
  auto& provider = *providers_[step.provider];
  if (outcome.failed && stops_provider(outcome.error) && !provider.stopped_by) provider.stopped_by = outcome.error;
  if (outcome.failed)
    record_result(id, step, "failed", {}, outcome.error, outcome.credits, started_ms);
  else
    record_result(id, step, "done", outcome.output, {}, outcome.credits, started_ms);

  if (step.role == StepRole::attempt || step.role == StepRole::verification) {
    auto& counts = stats_.steps[row.next_step];
    if (outcome.failed) {
      ++counts.failed;
      row.attempts[row.next_step] = {AttemptResult::Kind::failed, nullptr, outcome.error};
    } else {
      const auto status = outcome.output.is_object() ? outcome.output.value("status", "done") : std::string("done");
      ++(status == "found" ? counts.found : status == "not_found" ? counts.not_found : counts.done);
      row.attempts[row.next_step] = {AttemptResult::Kind::answered, std::move(outcome.output), nullptr};
    }
    return pass(id);
  }
  if (outcome.failed)
    apply_failure(id, step, outcome.error);
  else
    apply_output(row, step, outcome.output);
  proceed(id, step);
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
      if (key != "status" && key != "provider") result[key] = value;
  result["provider"] = output.is_object() && output.contains("provider") ? output["provider"]
                                                                           : nlohmann::json(providers_[step.provider]->name);
  row.record[workflow_.spec(step).id] = std::move(result);
}

// The step failed for this row; its `on_error:` says what happens to the row, or to the run.
void RecordPipeline::apply_failure(RowId id, const BoundStep& step, const nlohmann::json& error) {
  auto& row = rows_.at(id);
  ++stats_.steps[row.next_step].failed;
  const auto code = error.is_object() ? error.value("code", "internal") : std::string("internal");
  ++stats_.failures[code];
  const auto& spec = workflow_.spec(step);
  const auto text = error.is_object() ? error_text(error) : std::string("internal: no message");
  row.record[spec.id] = nlohmann::ordered_json{{"status", "failed"}, {"error", text}};
  switch (spec.on_error) {
    case workflow::OnError::next_step: break;
    case workflow::OnError::skip_row: row.failed = true; break;
    case workflow::OnError::stop_run:
      row.failed = true;
      boost::asio::post(io_, [this, detail = fmt::format("step '{}' failed on row {} (line {}) and has on_error: stop: {}", spec.id,
                                                         sequence_of(id), row.input.line, text)]() mutable {
        stop(StopReason::step_failed, std::move(detail));
      });
      break;
  }
}

void RecordPipeline::skip_step(RowId id, const BoundStep& step, const std::string& reason) {
  auto& row = rows_.at(id);
  ++stats_.steps[row.next_step].skipped;
  row.record[workflow_.spec(step).id] = nlohmann::ordered_json{{"status", "skipped"}, {"error", "skipped: " + reason}};
  record_result(id, step, "skipped", {}, make_error("skipped", reason), 0, clock_.now_unix_ms());
  ++row.next_step;
  advance(id);
}

// The row's current step did not run (or was cancelled): it is written as interrupted, and its
// later steps are left empty; the journal keeps it pending so a resumed run finishes it.
void RecordPipeline::interrupt(RowId seq, const nlohmann::json& why, double credits) {
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

// The journal names a step's result by row and key; a person's row from a fan-out adds its lane.
std::string RecordPipeline::journal_key(RowId id, const BoundStep& step) const {
  const auto lane = lane_of(id);
  return lane == 0 ? step.key : fmt::format("{}#{}", step.key, lane);
}

void RecordPipeline::record_result(RowId seq, const BoundStep& step, const std::string& state, const nlohmann::json& output,
                                   const nlohmann::json& error, double credits, std::int64_t started_ms) {
  store::StepResult result;
  result.run_id = options_.run_id;
  result.row = sequence_of(seq);
  result.step_id = journal_key(seq, step);
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

void RecordPipeline::complete(RowId seq) {
  rows_.at(seq).complete = true;
  ++stats_.rows_completed;
  write_completed();
}

void RecordPipeline::write_completed() {
  // Every row read and not yet written is in rows_, in output order: the first is the next.
  while (!rows_.empty() && rows_.begin()->second.complete) {
    writer_.write(rows_.begin()->second.record);
    rows_.erase(rows_.begin());
    ++stats_.rows_written;
  }
}

}  // namespace leadflow::engine
