// Listing, reading, exporting and deleting jobs; see job_operations.hpp. All free and safe to
// repeat, so every request fails over across the hosts like the SDKs' reads.
#include "job_operations.hpp"

#include <charconv>
#include <string>

#include "api_call.hpp"
#include "job_snapshot.hpp"
#include "problem_details.hpp"

namespace leadflow::verifalia {
namespace {

using sdk::ErrorCode;

std::string input_text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key) || !input[key].is_string()) return "";
  return input[key].get<std::string>();
}

std::optional<long long> input_number(const nlohmann::json& input, const char* key) {
  const auto text = input_text(input, key);
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

sdk::Outcome needs_job_id(const std::string& capability) {
  return sdk::fail(ErrorCode::invalid_input, capability + " needs job_id, the id Verifalia gave the job.");
}

std::string job_path(const std::string& job_id) { return "/email-validations/" + sdk::encode_path_segment(job_id); }

ApiRequest list_request(const nlohmann::json& input, const std::string& cursor) {
  std::string query;
  auto add = [&query](const std::string& key, const std::string& value) {
    if (!value.empty()) query += (query.empty() ? "?" : "&") + key + "=" + sdk::encode_path_segment(value);
  };
  add("cursor", cursor);
  if (cursor.empty()) {  // a cursor carries the filters of the first page
    add("createdOn", input_text(input, "created_on"));
    add("createdOn:since", input_text(input, "created_since"));
    add("createdOn:until", input_text(input, "created_until"));
    add("status", input_text(input, "job_status"));
    add("status:exclude", input_text(input, "job_status_exclude"));
    add("owner", input_text(input, "owner"));
    add("sort", input_text(input, "sort"));
  }
  return ApiRequest{.path = "/email-validations" + query, .what = "the job listing"};
}

ApiRequest overview_request(const std::string& job_id, std::optional<long long> wait_ms) {
  std::string path = job_path(job_id) + "/overview";
  std::chrono::milliseconds timeout{0};
  if (wait_ms) {
    path += "?waitTime=" + std::to_string(*wait_ms);
    timeout = std::chrono::milliseconds(*wait_ms + 30000);
  }
  return ApiRequest{.path = path, .timeout = timeout, .what = "the overview of job " + job_id};
}

ApiRequest export_request(const std::string& job_id) {
  return ApiRequest{.path = job_path(job_id) + "/entries", .accept = "text/csv", .what = "the export of job " + job_id};
}

ApiRequest delete_request(const std::string& job_id) {
  return ApiRequest{.method = "DELETE", .path = job_path(job_id), .what = "the deletion of job " + job_id};
}

nlohmann::json not_found(const sdk::HttpResponse& response) {
  return {{"status", "not_found"}, {"raw", response.json().value_or(nlohmann::json::object())}};
}

nlohmann::json overview_output(const nlohmann::json& overview) {
  nlohmann::json output{{"status", "done"}, {"job_id", overview.value("id", "")}, {"job_status", overview.value("status", "")}};
  if (overview.contains("name") && overview["name"].is_string()) output["name"] = overview["name"];
  if (overview.contains("noOfEntries")) output["no_of_entries"] = overview["noOfEntries"];
  if (overview.contains("/progress/percentage"_json_pointer)) output["progress"] = overview["/progress/percentage"_json_pointer];
  if (overview.contains("/progress/estimatedTimeRemaining"_json_pointer))
    output["estimated_time_remaining"] = overview["/progress/estimatedTimeRemaining"_json_pointer];
  output["raw"] = overview;
  return output;
}

nlohmann::json list_output(const nlohmann::json& jobs, bool truncated) {
  return {{"status", "done"}, {"jobs", jobs}, {"count", jobs.size()}, {"truncated", truncated}};
}

nlohmann::json csv_output(const std::string& csv) { return {{"status", "done"}, {"csv", csv}}; }
nlohmann::json delete_output(const char* status) { return {{"status", status}}; }

}  // namespace

sdk::Task list_jobs(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  const long long limit = input_number(op.input(), "limit").value_or(100);
  if (limit <= 0) co_return sdk::fail(ErrorCode::invalid_input, "verifalia.list_jobs needs a positive limit.");
  nlohmann::json jobs = nlohmann::json::array();
  std::string cursor;
  bool truncated = false;
  do {
    ApiCall page(settings, session, list_request(op.input(), cursor));
    for (auto next = page.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = page.next(op.now_unix_ms())) {
      if (next == ApiCall::Next::wait) co_await op.sleep(page.wait());
      else page.receive(co_await op.http(page.request()), op.now_unix_ms());
    }
    if (page.failure()) co_return *page.failure();
    if (!page.response().ok()) co_return failure_for(page.response(), "the job listing");
    const auto parsed = parse_entries_page(page.response().json().value_or(nlohmann::json()));
    if (!parsed) co_return unreadable(page.response(), "the job listing");
    for (const auto& job : parsed->data) {
      if (static_cast<long long>(jobs.size()) == limit) {
        truncated = true;
        break;
      }
      jobs.push_back(job);
    }
    cursor = parsed->truncated && !truncated ? parsed->cursor : "";
    truncated = truncated || (parsed->truncated && static_cast<long long>(jobs.size()) == limit);
  } while (!cursor.empty() && static_cast<long long>(jobs.size()) < limit);
  co_return sdk::done(list_output(jobs, truncated), 0);
}

sdk::Task job_overview(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  const auto job_id = input_text(op.input(), "job_id");
  if (job_id.empty()) co_return needs_job_id("verifalia.job_overview");
  const auto wait_ms = input_number(op.input(), "wait_ms");
  if (wait_ms && (*wait_ms < 0 || *wait_ms > 30000))
    co_return sdk::fail(ErrorCode::invalid_input, "verifalia.job_overview's wait_ms must be from 0 to 30000.");
  ApiCall call(settings, session, overview_request(job_id, wait_ms));
  for (auto next = call.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = call.next(op.now_unix_ms())) {
    if (next == ApiCall::Next::wait) co_await op.sleep(call.wait());
    else call.receive(co_await op.http(call.request()), op.now_unix_ms());
  }
  if (call.failure()) co_return *call.failure();
  const auto& response = call.response();
  if (response.status() == 404 || response.status() == 410) co_return sdk::done(not_found(response), 0);
  if (response.status() != 200 && response.status() != 202) co_return failure_for(response, "the overview of job " + job_id);
  const auto body = response.json();
  if (!body || !body->is_object() || !body->contains("id")) co_return unreadable(response, "the overview of job " + job_id);
  auto output = overview_output(*body);
  // VF-NET derives the status from the HTTP code when the body lacks it: 202 in progress.
  if (output["job_status"] == "") output["job_status"] = response.status() == 202 ? "InProgress" : "Completed";
  co_return sdk::done(output, 0);
}

sdk::Task export_entries(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  const auto job_id = input_text(op.input(), "job_id");
  if (job_id.empty()) co_return needs_job_id("verifalia.export_entries");
  ApiCall call(settings, session, export_request(job_id));
  for (auto next = call.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = call.next(op.now_unix_ms())) {
    if (next == ApiCall::Next::wait) co_await op.sleep(call.wait());
    else call.receive(co_await op.http(call.request()), op.now_unix_ms());
  }
  if (call.failure()) co_return *call.failure();
  const auto& response = call.response();
  if (response.status() == 404 || response.status() == 410) co_return sdk::done(not_found(response), 0);
  if (response.status() != 200) co_return failure_for(response, "the export of job " + job_id);
  co_return sdk::done(csv_output(response.body()), 0);
}

sdk::Task delete_job(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  const auto job_id = input_text(op.input(), "job_id");
  if (job_id.empty()) co_return needs_job_id("verifalia.delete_job");
  ApiCall call(settings, session, delete_request(job_id));
  for (auto next = call.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = call.next(op.now_unix_ms())) {
    if (next == ApiCall::Next::wait) co_await op.sleep(call.wait());
    else call.receive(co_await op.http(call.request()), op.now_unix_ms());
  }
  if (call.failure()) co_return *call.failure();
  const int status = call.response().status();
  if (call.response().ok()) co_return sdk::done(delete_output("deleted"), 0);
  if (status == 410) co_return sdk::done(delete_output("already_deleted"), 0);
  // "should the validation be still in progress, the API would reply with an HTTP 406".
  if (status == 406) co_return sdk::done(delete_output("in_progress"), 0);
  co_return failure_for(call.response(), "the deletion of job " + job_id);
}

}  // namespace leadflow::verifalia
