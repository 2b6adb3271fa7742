// The job status and jobs list operations; see job_admin.hpp. The list's shape comes from the
// research (IV-KB "[GET] - Bulk Jobs List"): {bulkJobs: [{jobId, jobType, jobStatus, createdDate,
// creditsConsumed}]}, jobStatus being -1 Not Found, 0 Failed, 1 Accepted, 2 Processing,
// 3 Finished, 4 Aborted.
#include "job_admin.hpp"

#include "api_call.hpp"
#include "responses.hpp"
#include "xml_fields.hpp"

#include <utility>
#include <vector>

namespace leadflow::insideview {
namespace {

using sdk::ErrorCode;

constexpr int max_results_per_page = 50;

std::string trimmed_text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key)) return "";
  const auto& value = input[key];
  std::string text = value.is_string() ? value.get<std::string>() : value.is_number_integer() ? value.dump() : "";
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

sdk::HttpRequest status_request(const Settings& settings, const std::string& job_id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/contact/job/" + sdk::encode_path_segment(job_id)),
      .headers = {{"Accept", "application/json"}},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

// The query of GET /admin/jobs from our input names; only the filters given are sent.
std::optional<std::string> jobs_list_query(const nlohmann::json& input) {
  static constexpr std::pair<const char*, const char*> parameters[] = {
      {"period", "period"},       {"start", "start"}, {"end", "end"},   {"job_statuses", "jobStatuses"},
      {"job_types", "jobTypes"}, {"page", "page"},   {"results_per_page", "resultsPerPage"}};
  std::vector<std::pair<std::string, std::string>> query;
  for (const auto& [ours, theirs] : parameters)
    if (auto value = trimmed_text(input, ours); !value.empty()) query.emplace_back(theirs, value);
  for (const auto& [name, value] : query)
    if (name == "resultsPerPage" && (value.size() > 2 || value.find_first_not_of("0123456789") != std::string::npos ||
                                     std::stoi(value) < 1 || std::stoi(value) > max_results_per_page))
      return std::nullopt;
  return query.empty() ? "" : "?" + sdk::form_encode(query);
}

sdk::HttpRequest jobs_list_request(const Settings& settings, const std::string& query) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/admin/jobs" + query),
      .headers = {{"Accept", "application/json"}},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

std::string_view job_status_name(int code) {
  switch (code) {
    case 0: return "failed";
    case 1: return "accepted";
    case 2: return "processing";
    case 3: return "finished";
    case 4: return "aborted";
    default: return "not_found";
  }
}

sdk::Outcome status_outcome(const sdk::HttpResponse& response) {
  if (auto failure = failure_for(response, Endpoint::job_status)) return *failure;
  const auto job_id = body_field(response, "jobId");
  const auto status = body_field(response, "status");
  if (!job_id || !status) return unreadable(response, Endpoint::job_status);
  nlohmann::json output{{"status", "done"}, {"job_id", *job_id}, {"job_status", *status}};
  if (const auto total = body_field(response, "totalProcessed");
      total && !total->empty() && total->size() < 16 && total->find_first_not_of("0123456789") == std::string::npos)
    output["total_processed"] = std::stoll(*total);
  if (const auto type = body_field(response, "type")) output["type"] = *type;
  output["raw"] = response.json().value_or(nlohmann::json(response.body()));
  return sdk::done(std::move(output), 0);
}

sdk::Outcome list_outcome(const sdk::HttpResponse& response) {
  if (auto failure = failure_for(response, Endpoint::jobs_list)) return *failure;
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("bulkJobs") || !(*body)["bulkJobs"].is_array())
    return unreadable(response, Endpoint::jobs_list);
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& job : (*body)["bulkJobs"]) {
    if (!job.is_object()) return unreadable(response, Endpoint::jobs_list);
    nlohmann::json entry{{"job_id", job.value("jobId", nlohmann::json())},
                         {"job_type", job.value("jobType", nlohmann::json())},
                         {"created_date", job.value("createdDate", nlohmann::json())},
                         {"credits_consumed", job.value("creditsConsumed", nlohmann::json())}};
    if (const auto code = job.value("jobStatus", nlohmann::json()); code.is_number_integer()) {
      entry["job_status_code"] = code;
      entry["job_status"] = job_status_name(code.get<int>());
    }
    jobs.push_back(std::move(entry));
  }
  const auto count = jobs.size();
  return sdk::done({{"status", "done"}, {"jobs", std::move(jobs)}, {"count", count}, {"raw", *body}}, 0);
}

sdk::Outcome bad_page_size() {
  return sdk::fail(ErrorCode::invalid_input, "insideview.jobs_list takes results_per_page from 1 to 50 (InsideView's maximum).");
}

sdk::Outcome no_job_id() {
  return sdk::fail(ErrorCode::invalid_input, "insideview.job_status needs 'job_id', the id InsideView gave the job.");
}

}  // namespace

sdk::Task job_status(sdk::Operation& op, const Settings& settings, Session& session) {
  const auto job_id = trimmed_text(op.input(), "job_id");
  if (job_id.empty()) co_return no_job_id();
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
  co_return status_outcome(call.response());
}

sdk::Task jobs_list(sdk::Operation& op, const Settings& settings, Session& session) {
  const auto query = jobs_list_query(op.input());
  if (!query) co_return bad_page_size();
  ApiCall call(settings, session, jobs_list_request(settings, *query));
  for (auto step = call.next(op.now_unix_ms()); !step.finished(); step = call.next(op.now_unix_ms())) {
    if (step.wait) {
      co_await op.sleep(*step.wait);
    } else {
      const auto answer = co_await op.http(*step.request);
      call.answer(answer, op.now_unix_ms());
    }
  }
  if (call.failure()) co_return *call.failure();
  co_return list_outcome(call.response());
}

}  // namespace leadflow::insideview
