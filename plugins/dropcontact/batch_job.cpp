// One batch through Dropcontact: POST the records once, checkpoint the request_id the moment it is
// known, poll GET {batch_path}/{request_id} at the interval Dropcontact asks for until it is done
// or max_wait_ms has passed, then match every result to its item by the reference echoed in
// custom_fields. A resumed operation polls the checkpointed request instead of submitting (and
// paying for) the batch again.
#include "batch_job.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "contact_mapping.hpp"
#include "responses.hpp"

namespace leadflow::dropcontact {
namespace {

using namespace std::chrono_literals;
using sdk::ErrorCode;

// What a resumed operation needs: the request Dropcontact is processing for this batch.
struct Job {
  std::string request_id;
  std::optional<std::int64_t> credits_left;
  std::int64_t submitted_ms = 0;  // host clock
};

using ResultsByRef = std::map<std::string, nlohmann::json>;

sdk::Outcome not_a_batch(Capability capability) {
  return sdk::fail(ErrorCode::invalid_input,
                   std::string(name_of(capability)) + " on Dropcontact expects the batch payload {\"items\": [...]} with 1 to " +
                       std::to_string(max_batch_items) + " items (its max_batch); the host sent something else.");
}

sdk::HttpRequest submit_request(const Settings& settings, const std::vector<BatchItem>& items) {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& item : items)
    if (item.record) data.push_back(*item.record);
  const auto records = data.size();
  const nlohmann::json body = {{"data", std::move(data)}, {"siren", settings.siren}, {"language", settings.language}};
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.batch_url(),
      .headers = {settings.access_token(), {"Content-Type", "application/json"}},
      .body = body.dump(),
      .idempotent = false,  // every submit is a new, paid request
      .rate_limit_key = "default",
      .expected_cost = static_cast<double>(records),  // one credit per record is taken at submit
  };
}

sdk::HttpRequest poll_request(const Settings& settings, const std::string& request_id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.batch_url(request_id),
      .headers = {settings.access_token()},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

nlohmann::json checkpoint_for(const Job& job) {
  nlohmann::json checkpoint = {{"request_id", job.request_id}, {"submitted_ms", job.submitted_ms}};
  if (job.credits_left) checkpoint["credits_left"] = *job.credits_left;
  return checkpoint;
}

std::optional<Job> checkpointed_job(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("request_id") || !checkpoint["request_id"].is_string())
    return std::nullopt;
  Job job{checkpoint["request_id"].get<std::string>(), std::nullopt, 0};
  if (checkpoint.contains("credits_left") && checkpoint["credits_left"].is_number_integer())
    job.credits_left = checkpoint["credits_left"].get<std::int64_t>();
  if (checkpoint.contains("submitted_ms") && checkpoint["submitted_ms"].is_number_integer())
    job.submitted_ms = checkpoint["submitted_ms"].get<std::int64_t>();
  return job;
}

Job job_from(const Submission& submission, std::int64_t now_ms) {
  return Job{submission.request_id, submission.credits_left, now_ms};
}

// Results carrying our reference in custom_fields; a result without one cannot be matched.
ResultsByRef results_by_ref(const nlohmann::json& data) {
  ResultsByRef results;
  for (const auto& result : data) {
    if (!result.is_object() || !result.contains("custom_fields") || !result["custom_fields"].is_object()) continue;
    const auto& ref = result["custom_fields"].value(ref_field, nlohmann::json());
    if (ref.is_string()) results.emplace(ref.get<std::string>(), result);
  }
  return results;
}

nlohmann::json item_error(ErrorCode code, std::string message) {
  return {{"error", {{"code", sdk::to_string(code)}, {"message", std::move(message)}}}};
}

// Dropcontact's charging rule (research, DC-DEV credits): a credit per record is taken at
// submit; it is refunded when no email is found, except for a record that came with an email
// (verifying it costs the credit). A record whose result is missing is counted as charged: the
// credit was taken and nothing shows a refund.
double credits_for(const BatchItem& item, const nlohmann::json* result) {
  if (!item.record) return 0;
  if (item.email_supplied || !result) return 1;
  return has_email(*result) ? 1 : 0;
}

// Results are never matched by position: a row whose reference is missing fails alone.
std::string missing_result_message(const Job& job, std::size_t index, bool no_reference_at_all) {
  std::string message = "Dropcontact's results for request " + job.request_id +
                        " hold no record with our reference (custom_fields." + ref_field + ") for item " +
                        std::to_string(index) + ".";
  if (no_reference_at_all)
    message += " No result echoed custom_fields: this API host does not seem to support them; use base_url "
               "https://api.dropcontact.com with batch_path /v1/enrich/all.";
  return message;
}

sdk::Outcome batch_result(Capability capability, const std::vector<BatchItem>& items, const ResultsByRef& results,
                          const Job& job) {
  nlohmann::json outputs = nlohmann::json::array();
  double credits = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (!item.record) {
      outputs.push_back(item_error(ErrorCode::invalid_input, item.problem));
      continue;
    }
    const auto found = results.find(item.ref);
    credits += credits_for(item, found == results.end() ? nullptr : &found->second);
    if (found == results.end()) {
      outputs.push_back(item_error(ErrorCode::bad_response, missing_result_message(job, i, results.empty())));
      continue;
    }
    auto output = output_for(capability, found->second, *item.record);
    output["request_id"] = job.request_id;
    if (job.credits_left) output["credits_left"] = *job.credits_left;
    outputs.push_back(std::move(output));
  }
  return sdk::done({{"items", std::move(outputs)}}, credits);
}

// Every item invalid: nothing to send, nothing to pay.
sdk::Outcome nothing_to_send(Capability capability, const std::vector<BatchItem>& items) {
  return batch_result(capability, items, ResultsByRef(), Job());
}

sdk::Outcome still_not_ready(const Job& job, std::chrono::milliseconds waited, const std::string& reason) {
  return sdk::fail(ErrorCode::timeout,
                   "Dropcontact had not finished request " + job.request_id + " after waiting " +
                       std::to_string(waited.count()) + " ms (max_wait_ms)" +
                       (reason.empty() ? std::string() : "; its last answer: \"" + reason + "\"") +
                       ". Dropcontact gives the same answer for a request id it does not know, so the wait stops here; "
                       "it keeps results 30 days.",
                   true);
}

std::string resumed_message(const Job& job) {
  return "Resuming Dropcontact request " + job.request_id + " without submitting the batch again.";
}

std::string submitted_message(const Job& job, std::size_t records) {
  return "Dropcontact accepted " + std::to_string(records) + " record(s) as request " + job.request_id +
         (job.credits_left ? "; credits left: " + std::to_string(*job.credits_left) : std::string()) + ".";
}

std::string passing_problem_message(const Job& job, const sdk::HttpResponse& response) {
  const auto problem = response.failed_in_transport() ? response.error_message() : "HTTP " + std::to_string(response.status());
  return "Polling Dropcontact request " + job.request_id + " failed (" + problem + "); polling again.";
}

}  // namespace

sdk::Task run_batch(sdk::Operation& op, const Settings& settings, Capability capability) {
  const auto items = items_from(op.input(), capability);
  if (!items) co_return not_a_batch(capability);
  if (records_to_send(*items) == 0) co_return nothing_to_send(capability, *items);

  Job job;
  std::chrono::milliseconds next_wait = 0ms;
  if (auto resumed = checkpointed_job(op.checkpoint())) {
    job = *resumed;
    if (job.submitted_ms == 0) job.submitted_ms = op.now_unix_ms();  // a checkpoint without it: wait afresh
    op.log(sdk::LogLevel::info, resumed_message(job));
  } else {
    const auto response = co_await op.http(submit_request(settings, *items));
    if (auto failure = failure_for(response, Endpoint::submit)) co_return *failure;
    const auto submission = parse_submission(response);
    if (!submission) co_return unreadable(response, Endpoint::submit);
    job = job_from(*submission, op.now_unix_ms());
    co_await op.save_checkpoint(checkpoint_for(job));
    op.log(sdk::LogLevel::info, submitted_message(job, records_to_send(*items)));
    next_wait = settings.first_poll;
  }

  // The deadline runs from the submit, across resumes; a resumed request is polled at least once.
  const auto deadline_ms = job.submitted_ms + settings.max_wait.count();
  std::string last_reason;
  for (;;) {
    const auto left = std::chrono::milliseconds(std::max<std::int64_t>(0, deadline_ms - op.now_unix_ms()));
    const auto wait = std::min(next_wait, left);
    if (wait > 0ms) co_await op.sleep(wait);
    const auto response = co_await op.http(poll_request(settings, job.request_id));
    const bool out_of_time = op.now_unix_ms() >= deadline_ms;
    next_wait = settings.poll_interval;
    if (passing(response) && !out_of_time) {
      op.log(sdk::LogLevel::warn, passing_problem_message(job, response));
      continue;
    }
    if (auto failure = failure_for(response, Endpoint::poll)) co_return *failure;
    const auto answer = parse_poll(response);
    if (!answer) co_return unreadable(response, Endpoint::poll);
    if (answer->ready) co_return batch_result(capability, *items, results_by_ref(answer->data), job);
    last_reason = answer->reason;
    if (out_of_time) co_return still_not_ready(job, std::chrono::milliseconds(op.now_unix_ms() - job.submitted_ms), last_reason);
    // "Request not ready yet, try again in 30 seconds": wait as long as Dropcontact asks.
    if (answer->retry_in) next_wait = *answer->retry_in;
  }
}

}  // namespace leadflow::dropcontact
