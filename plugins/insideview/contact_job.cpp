// enrich_person over InsideView's Contact Details job: submit the batch's ids once (resubmitting
// after the documented "2 jobs are already running" refusal), checkpoint the job id, poll the
// job's status with a growing wait (accepted -> processing -> finished / failed / aborted), then
// read the CSV results by header name. A resumed operation polls its checkpointed job instead of
// submitting (and paying for) a new one.
#include "contact_job.hpp"

#include "api_call.hpp"
#include "contact_ids.hpp"
#include "contact_output.hpp"
#include "csv_table.hpp"
#include "responses.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

namespace leadflow::insideview {
namespace {

using namespace std::chrono_literals;
using sdk::ErrorCode;

sdk::HttpRequest submit_request(const Settings& settings, const ContactIdBatch& batch) {
  std::string body;
  for (const auto& id : batch.distinct_ids) body += (body.empty() ? "" : "\n") + id;
  std::string path = "/contact/job";
  if (!settings.webhook.empty()) path += "?webhook=" + sdk::encode_path_segment(settings.webhook);
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.url(path),
      .headers = {{"Content-Type", "text/plain"}, {"Accept", "application/json"}},
      .body = std::move(body),
      .idempotent = false,  // a second submission is a second job, debited again
      .rate_limit_key = "default",
      .expected_cost = static_cast<double>(batch.distinct_ids.size()),
  };
}

sdk::HttpRequest status_request(const Settings& settings, const std::string& job_id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/contact/job/" + sdk::encode_path_segment(job_id)),
      .headers = {{"Accept", "application/json"}},
      .idempotent = true,  // "Calls to the Job Status, Cancellation or Results endpoints do not impact your quotas"
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

sdk::HttpRequest results_request(const Settings& settings, const std::string& job_id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/contact/job/" + sdk::encode_path_segment(job_id) + "/results"),
      .headers = {},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

std::optional<std::string> checkpointed_job(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("job_id") || !checkpoint["job_id"].is_string()) return std::nullopt;
  const auto id = checkpoint["job_id"].get<std::string>();
  if (id.empty()) return std::nullopt;
  return id;
}

nlohmann::json checkpoint_for(const std::string& job_id, std::size_t ids) { return {{"job_id", job_id}, {"ids", ids}}; }

double transactions(const ContactIdBatch& batch) { return static_cast<double>(batch.distinct_ids.size()); }

sdk::Outcome still_refused(std::chrono::milliseconds waited) {
  return sdk::fail(ErrorCode::timeout,
                   "InsideView still refused the contact job after " + std::to_string(waited.count()) +
                       " ms (max_wait_ms) because two jobs were already running on the account. Retry once they have finished.",
                   true, 400);
}

sdk::Outcome still_running(const std::string& job_id, std::chrono::milliseconds waited, bool processing, const ContactIdBatch& batch) {
  return sdk::fail(ErrorCode::timeout,
                   "InsideView job " + job_id + " was still " + (processing ? "processing" : "queued") + " after waiting " +
                       std::to_string(waited.count()) + " ms (max_wait_ms). Ask insideview.job_status for it later.",
                   true, 0, processing ? transactions(batch) : 0);
}

// "failed (see the results file)" or "aborted (cancelled; only possible before processing starts)".
sdk::Outcome job_ended(const std::string& job_id, const std::string& status, const ContactIdBatch& batch) {
  if (status == "aborted")
    return sdk::fail(ErrorCode::provider_unavailable,
                     "InsideView job " + job_id + " was aborted (cancelled before processing started); nothing was debited. Run the batch again.",
                     true);
  return sdk::fail(ErrorCode::provider_unavailable,
                   "InsideView job " + job_id + " failed; its results file (GET /contact/job/" + job_id +
                       "/results) tells why. Run the batch again later.",
                   true, 0, transactions(batch));
}

sdk::Outcome unknown_status(const std::string& job_id, const std::string& status) {
  return sdk::fail(ErrorCode::bad_response,
                   "InsideView reported the undocumented status '" + status + "' for job " + job_id + ".", false, 200);
}

// The outputs of the CSV's rows by contactId; unknown columns stay in each row's raw.
sdk::Outcome results_outcome(const ContactIdBatch& batch, const sdk::HttpResponse& response, const std::string& job_id) {
  auto table = parse_csv(response.body());
  if (auto* error = std::get_if<CsvError>(&table))
    return sdk::fail(ErrorCode::bad_response, "InsideView's results of job " + job_id + " are not readable CSV: " + error->message + ".",
                     false, response.status(), transactions(batch));
  const auto& rows = std::get<CsvTable>(table);
  if (std::find(rows.header.begin(), rows.header.end(), "contactId") == rows.header.end())
    return sdk::fail(ErrorCode::bad_response, "InsideView's results of job " + job_id + " have no contactId column.", false,
                     response.status(), transactions(batch));
  std::map<std::string, nlohmann::json> outputs;
  for (const auto& row : rows.rows) {
    auto output = contact_output(row);
    output["job_id"] = job_id;
    outputs.emplace(contact_id_of(row), std::move(output));
  }
  return batch_outcome(batch, outputs, transactions(batch));
}

}  // namespace

sdk::Task enrich_person(sdk::Operation& op, const Settings& settings, Session& session) {
  const auto batch = contact_id_batch(op.input(), max_job_ids);
  if (!batch) co_return not_a_batch("enrich_person", max_job_ids);
  if (batch->distinct_ids.empty()) co_return batch_outcome(*batch, std::map<std::string, nlohmann::json>(), 0);

  std::string job_id;
  if (auto resumed = checkpointed_job(op.checkpoint())) {
    job_id = *resumed;
    op.log(sdk::LogLevel::info, "Resuming InsideView job " + job_id + " instead of submitting the batch again.");
  } else {
    std::chrono::milliseconds refused_for = 0ms;
    while (job_id.empty()) {
      ApiCall call(settings, session, submit_request(settings, *batch));
      for (auto step = call.next(op.now_unix_ms()); !step.finished(); step = call.next(op.now_unix_ms())) {
        if (step.wait) {
          co_await op.sleep(*step.wait);
        } else {
          const auto answer = co_await op.http(*step.request);
          call.answer(answer, op.now_unix_ms());
        }
      }
      if (call.failure()) co_return *call.failure();
      const auto& response = call.response();
      if (response.status() == 400 && rejection_of(response) == Rejection::jobs_running) {
        if (refused_for >= settings.max_wait) co_return still_refused(refused_for);
        op.log(sdk::LogLevel::info, "InsideView already runs two jobs on this account; submitting again in " +
                                        std::to_string(settings.busy_retry.count()) + " ms.");
        co_await op.sleep(settings.busy_retry);
        refused_for += settings.busy_retry;
        continue;
      }
      if (auto failure = failure_for(response, Endpoint::submit_job)) co_return *failure;
      const auto submitted = body_field(response, "jobId");
      if (!submitted || submitted->empty()) co_return unreadable(response, Endpoint::submit_job);
      job_id = *submitted;
    }
    co_await op.save_checkpoint(checkpoint_for(job_id, batch->distinct_ids.size()));
  }

  // Public code polls every 60 s; we start at first_poll_ms and grow the wait by half up to
  // max_poll_interval_ms (jobs take "between 1 minute and a few hours").
  std::chrono::milliseconds waited = 0ms;
  std::chrono::milliseconds interval = settings.first_poll;
  bool processing = false;
  while (true) {
    if (waited >= settings.max_wait) co_return still_running(job_id, waited, processing, *batch);
    const auto wait = std::min(interval, settings.max_wait - waited);
    co_await op.sleep(wait);
    waited += wait;
    ApiCall call(settings, session, status_request(settings, job_id));
    for (auto step = call.next(op.now_unix_ms()); !step.finished(); step = call.next(op.now_unix_ms())) {
      if (step.wait) {
        co_await op.sleep(*step.wait);
      } else {
        const auto answer = co_await op.http(*step.request);
        call.answer(answer, op.now_unix_ms());
      }
    }
    if (call.failure()) co_return *call.failure();
    if (auto failure = failure_for(call.response(), Endpoint::job_status)) co_return *failure;
    const auto status = body_field(call.response(), "status");
    if (!status) co_return unreadable(call.response(), Endpoint::job_status);
    if (*status == "finished") break;
    if (*status == "failed" || *status == "aborted") co_return job_ended(job_id, *status, *batch);
    if (*status != "accepted" && *status != "processing") co_return unknown_status(job_id, *status);
    processing = *status == "processing";
    interval = std::min(interval + interval / 2, settings.max_poll_interval);
  }

  ApiCall results(settings, session, results_request(settings, job_id));
  for (auto step = results.next(op.now_unix_ms()); !step.finished(); step = results.next(op.now_unix_ms())) {
    if (step.wait) {
      co_await op.sleep(*step.wait);
    } else {
      const auto answer = co_await op.http(*step.request);
      results.answer(answer, op.now_unix_ms());
    }
  }
  if (results.failure()) co_return *results.failure();
  if (auto failure = failure_for(results.response(), Endpoint::job_results)) {
    failure->credits_spent = transactions(*batch);
    co_return *failure;
  }
  co_return results_outcome(*batch, results.response(), job_id);
}

}  // namespace leadflow::insideview
