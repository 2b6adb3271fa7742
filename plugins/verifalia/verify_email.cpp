// verify_email over Verifalia's asynchronous jobs, the way the official SDKs run them: submit the
// batch with waitTime, checkpoint the job id the moment it is known, poll
// GET /email-validations/{id}?waitTime=... at the SDKs' delay until the job completes, read every
// entries page through meta.cursor, and match each entry back to its row by `custom` (the item's
// index in the batch). A resumed operation polls the checkpointed job instead of paying for a
// new one; only when Verifalia no longer has that job (404/410) is the batch submitted again.
#include "verify_email.hpp"

#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api_call.hpp"
#include "job_snapshot.hpp"
#include "problem_details.hpp"
#include "unit_price.hpp"
#include "validation_status.hpp"

namespace leadflow::verifalia {
namespace {

using sdk::ErrorCode;
using namespace std::chrono_literals;

// The batch in the host's order; nullopt for an item without an address (it fails alone).
struct Batch {
  std::vector<std::optional<std::string>> emails;
  std::size_t sendable = 0;
};

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<Batch> read_batch(const nlohmann::json& input) {
  if (!input.contains("items") || !input["items"].is_array() || input["items"].empty()) return std::nullopt;
  Batch batch;
  for (const auto& item : input["items"]) {
    std::optional<std::string> email;
    if (item.is_object() && item.contains("email") && item["email"].is_string() && !trimmed(item["email"].get<std::string>()).empty())
      email = trimmed(item["email"].get<std::string>());
    batch.sendable += email ? 1 : 0;
    batch.emails.push_back(std::move(email));
  }
  return batch;
}

sdk::Outcome not_a_batch() {
  return sdk::fail(ErrorCode::invalid_input,
                   "verify_email expects the batch payload {\"items\": [{\"email\": ...}, ...]} with at least one item; the host "
                   "sent something else.");
}

nlohmann::json item_error(ErrorCode code, const std::string& message) {
  return {{"error", {{"code", std::string(sdk::to_string(code))}, {"message", message}}}};
}

// A reference to the batch's addresses, put in the job's name so that a submission whose answer
// was lost can be found again among the account's jobs.
std::string batch_reference(const Batch& batch) {
  std::uint64_t hash = 1469598103934665603ull;
  for (const auto& email : batch.emails)
    for (unsigned char c : (email.value_or("") + "\n")) hash = (hash ^ c) * 1099511628211ull;
  static constexpr char digits[] = "0123456789abcdef";
  std::string reference;
  for (int shift = 28; shift >= 0; shift -= 4) reference += digits[(hash >> shift) & 0xF];
  return reference;
}

std::string job_name_for(const Settings& settings, const Batch& batch) {
  return (settings.job_name.empty() ? std::string("leadflow") : settings.job_name) + " #" + batch_reference(batch);
}

nlohmann::json submission_body(const Settings& settings, const Batch& batch) {
  nlohmann::json entries = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.emails.size(); ++i)
    if (batch.emails[i]) entries.push_back({{"inputData", *batch.emails[i]}, {"custom", std::to_string(i)}});
  nlohmann::json body{{"entries", std::move(entries)}};
  if (!settings.quality.empty()) body["quality"] = settings.quality;
  if (!settings.deduplication.empty()) body["deduplication"] = settings.deduplication;
  if (settings.priority) body["priority"] = *settings.priority;
  body["name"] = job_name_for(settings, batch);
  if (!settings.retention.empty()) body["retention"] = settings.retention;
  if (!settings.callback_url.empty()) body["callback"] = {{"url", settings.callback_url}, {"version", "1.1"}};
  return body;
}

// A held request may last waitTime on Verifalia's side: give the exchange that plus a margin.
std::chrono::milliseconds held_timeout(std::chrono::milliseconds wait_time) { return wait_time + 30s; }

ApiRequest submission_request(const Settings& settings, const Batch& batch, double unit_price) {
  return ApiRequest{
      .method = "POST",
      .path = "/email-validations?waitTime=" + std::to_string(settings.submission_wait.count()),
      .body = submission_body(settings, batch).dump(),
      .content_type = "application/json",
      .expected_cost = unit_price * double(batch.sendable),
      .repeatable = false,
      .timeout = held_timeout(settings.submission_wait),
      .what = "the job submission (POST /email-validations)",
  };
}

ApiRequest poll_request(const Settings& settings, const std::string& job_id) {
  return ApiRequest{
      .path = "/email-validations/" + sdk::encode_path_segment(job_id) + "?waitTime=" + std::to_string(settings.poll_wait.count()),
      .timeout = held_timeout(settings.poll_wait),
      .what = "the poll of job " + job_id,
  };
}

ApiRequest entries_request(const std::string& job_id, const std::string& cursor) {
  std::string path = "/email-validations/" + sdk::encode_path_segment(job_id) + "/entries";
  if (!cursor.empty()) path += "?cursor=" + sdk::encode_path_segment(cursor);
  return ApiRequest{.path = path, .what = "the entries of job " + job_id};
}

ApiRequest delete_request(const std::string& job_id) {
  return ApiRequest{.method = "DELETE", .path = "/email-validations/" + sdk::encode_path_segment(job_id),
                    .what = "the deletion of job " + job_id};
}

// The account's jobs of the last day, newest first: where a lost submission would be.
ApiRequest recent_jobs_request(std::int64_t now_ms) {
  const std::time_t since = static_cast<std::time_t>(now_ms / 1000 - 24 * 3600);
  std::tm utc{};
  gmtime_r(&since, &utc);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
  return ApiRequest{.path = std::string("/email-validations?createdOn:since=") + day + "&sort=-createdOn",
                    .what = "the search for a submitted job"};
}

std::optional<std::string> job_named(const sdk::HttpResponse& response, const std::string& name) {
  const auto page = parse_entries_page(response.json().value_or(nlohmann::json()));
  if (!page) return std::nullopt;
  for (const auto& job : page->data)
    if (job.is_object() && job.value("name", "") == name && job.contains("id") && job["id"].is_string()) return job["id"].get<std::string>();
  return std::nullopt;
}

ApiRequest quality_levels_request() {
  return ApiRequest{.path = "/email-validations/quality-levels", .what = "the quality levels request"};
}

std::optional<std::string> checkpointed_job(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("job_id") || !checkpoint["job_id"].is_string()) return std::nullopt;
  return checkpoint["job_id"].get<std::string>();
}

nlohmann::json checkpoint_for(const std::string& job_id, const std::string& host) { return {{"job_id", job_id}, {"host", host}}; }

std::optional<JobSnapshot> snapshot_in(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body) return std::nullopt;
  return parse_snapshot(*body);
}

std::optional<EntriesPage> page_in(const sdk::HttpResponse& response) {
  const auto body = response.json();
  if (!body) return std::nullopt;
  return parse_entries_page(*body);
}

bool gone(int status) { return status == 404 || status == 410; }

sdk::Outcome job_gone(const std::string& job_id, const sdk::HttpResponse& response) {
  return sdk::fail(ErrorCode::provider_unavailable,
                   "Verifalia's job " + job_id + " was deleted or expired before its results were read (HTTP " +
                       std::to_string(response.status()) + "); retry these rows to verify them in a new job." +
                       provider_explanation(response),
                   true, response.status());
}

sdk::Outcome still_running(const std::string& job_id, std::chrono::milliseconds waited) {
  return sdk::fail(ErrorCode::timeout,
                   "Verifalia's job " + job_id + " was still running after " + std::to_string(waited.count()) +
                       " ms of polling (max_wait_ms); retry later: a resumed run reads the same job without paying again.",
                   true);
}

// The output of one row from its entry; a Duplicate takes the verdict of the entry it repeats.
nlohmann::json row_output(const nlohmann::json& entry, const std::map<std::int64_t, const nlohmann::json*>& by_index,
                          const std::string& job_id) {
  nlohmann::json output;
  const auto duplicate_of = entry.value("duplicateOf", nlohmann::json());
  if (entry.value("status", "") == "Duplicate" && duplicate_of.is_number_integer() && by_index.count(duplicate_of.get<std::int64_t>())) {
    output = verify_output(*by_index.at(duplicate_of.get<std::int64_t>()));
    output["duplicate_of"] = duplicate_of;
    output["raw"] = entry;
  } else {
    output = verify_output(entry);
  }
  output["job_id"] = job_id;
  return output;
}

// Each row's entry: the one whose custom is the row's index, when it holds the row's address.
// A resumed batch may hold only some of the job's rows (the host regroups the rows whose
// checkpoint it kept), so a row whose index points elsewhere is found by its address instead.
sdk::Outcome batch_result(const Batch& batch, const nlohmann::json& entries, const std::string& job_id, double credits) {
  std::map<std::string, const nlohmann::json*> by_custom;
  std::map<std::int64_t, const nlohmann::json*> by_index;
  std::multimap<std::string, const nlohmann::json*> by_input;
  for (const auto& entry : entries) {
    if (!entry.is_object()) continue;
    if (entry.contains("custom") && entry["custom"].is_string()) by_custom[entry["custom"].get<std::string>()] = &entry;
    if (entry.contains("index") && entry["index"].is_number_integer()) by_index[entry["index"].get<std::int64_t>()] = &entry;
    by_input.emplace(trimmed(entry.value("inputData", "")), &entry);
  }
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.emails.size(); ++i) {
    if (!batch.emails[i]) {
      items.push_back(item_error(ErrorCode::invalid_input, "verify_email needs an email address; this row has none."));
      continue;
    }
    const nlohmann::json* entry = nullptr;
    if (const auto found = by_custom.find(std::to_string(i));
        found != by_custom.end() && trimmed(found->second->value("inputData", "")) == *batch.emails[i])
      entry = found->second;
    else if (const auto same = by_input.find(*batch.emails[i]); same != by_input.end())
      entry = same->second;
    if (!entry) {
      items.push_back(item_error(ErrorCode::bad_response, "Verifalia's job " + job_id + " holds no entry for " + *batch.emails[i] + "."));
      continue;
    }
    items.push_back(row_output(*entry, by_index, job_id));
  }
  return sdk::done({{"items", std::move(items)}}, credits);
}

sdk::Outcome only_item_errors(const Batch& batch) { return batch_result(batch, nlohmann::json::array(), "", 0); }

std::string describe_count(std::size_t n) { return std::to_string(n) + (n == 1 ? " address" : " addresses"); }

}  // namespace

sdk::Task verify_email(sdk::Operation& op, const Settings& settings, ApiSession& session) {
  const auto batch = read_batch(op.input());
  if (!batch) co_return not_a_batch();
  if (batch->sendable == 0) co_return only_item_errors(*batch);

  // What an address costs: the documented price, else the level's unitPrice (cached for a day).
  double unit_price = documented_unit_price(settings.quality).value_or(0);
  const std::string price_key = "unit_price:" + settings.base_urls.front() + ":" + settings.quality;
  if (unit_price == 0)
    if (const auto cached = op.host().cache_get(price_key)) unit_price = std::atof(cached->c_str());
  if (unit_price == 0) {
    ApiCall levels(settings, session, quality_levels_request());
    for (auto next = levels.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = levels.next(op.now_unix_ms())) {
      if (next == ApiCall::Next::wait) co_await op.sleep(levels.wait());
      else levels.receive(co_await op.http(levels.request()), op.now_unix_ms());
    }
    if (levels.failure()) co_return *levels.failure();
    if (!levels.response().ok()) co_return failure_for(levels.response(), "the quality levels request");
    const auto price = unit_price_in(levels.response().json().value_or(nlohmann::json()), settings.quality);
    if (!price)
      co_return sdk::fail(ErrorCode::invalid_input, "Verifalia does not list the quality level '" + settings.quality +
                                                        "' for this account: set quality to Standard, High, Extreme or one of its custom levels.");
    unit_price = *price;
    op.host().cache_put(price_key, std::to_string(unit_price), std::chrono::hours(24));
  }

  std::string job_id;
  bool resumed = false;
  if (const auto checkpointed = checkpointed_job(op.checkpoint())) {
    job_id = *checkpointed;
    resumed = true;
    op.log(sdk::LogLevel::info, "Resuming Verifalia job " + job_id + " instead of submitting the batch again.");
  }

  std::optional<JobSnapshot> snapshot;
  std::chrono::milliseconds waited{0};
  std::size_t lost_submissions = 0;
  while (!snapshot || !snapshot->completed()) {
    if (job_id.empty()) {
      ApiCall submit(settings, session, submission_request(settings, *batch, unit_price));
      for (auto next = submit.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = submit.next(op.now_unix_ms())) {
        if (next == ApiCall::Next::wait) co_await op.sleep(submit.wait());
        else submit.receive(co_await op.http(submit.request()), op.now_unix_ms());
      }
      if (submit.failure() && submit.may_have_been_processed() && lost_submissions++ < settings.base_urls.size() + 2) {
        // The answer was lost: find out whether Verifalia created the job before sending it again.
        ApiCall search(settings, session, recent_jobs_request(op.now_unix_ms()));
        for (auto next = search.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = search.next(op.now_unix_ms())) {
          if (next == ApiCall::Next::wait) co_await op.sleep(search.wait());
          else search.receive(co_await op.http(search.request()), op.now_unix_ms());
        }
        if (search.failure() || !search.response().ok()) co_return *submit.failure();  // cannot tell: never pay twice
        if (const auto found = job_named(search.response(), job_name_for(settings, *batch))) {
          job_id = *found;
          co_await op.save_checkpoint(checkpoint_for(job_id, search.host()));
          op.log(sdk::LogLevel::warn, "The answer to the submission was lost, but Verifalia had created job " + job_id + "; reading it.");
        } else {
          op.log(sdk::LogLevel::warn, "The answer to the submission was lost and Verifalia has no such job; submitting on the next host.");
        }
        continue;
      }
      if (submit.failure()) co_return *submit.failure();
      const auto& response = submit.response();
      if (response.status() != 200 && response.status() != 202) co_return failure_for(response, "the job submission");
      snapshot = snapshot_in(response);
      if (!snapshot) co_return unreadable(response, "the job submission");
      job_id = snapshot->id;
      co_await op.save_checkpoint(checkpoint_for(job_id, submit.host()));
      op.log(sdk::LogLevel::info, "Verifalia job " + job_id + " submitted with " + describe_count(batch->sendable) + " (" +
                                      snapshot->status + ").");
      continue;
    }

    if (snapshot) {
      const auto delay = poll_delay(*snapshot);
      if (waited + delay > settings.max_wait) co_return still_running(job_id, waited);
      co_await op.sleep(delay);
      waited += delay;
    }
    ApiCall poll(settings, session, poll_request(settings, job_id));
    for (auto next = poll.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = poll.next(op.now_unix_ms())) {
      if (next == ApiCall::Next::wait) co_await op.sleep(poll.wait());
      else poll.receive(co_await op.http(poll.request()), op.now_unix_ms());
    }
    if (poll.failure()) co_return *poll.failure();
    const auto& response = poll.response();
    if (gone(response.status()) && resumed && !snapshot) {
      op.log(sdk::LogLevel::warn, "Verifalia no longer has the checkpointed job " + job_id + " (HTTP " +
                                      std::to_string(response.status()) + "); submitting the batch again.");
      job_id.clear();
      resumed = false;
      continue;
    }
    if (gone(response.status())) co_return job_gone(job_id, response);
    if (response.status() != 200 && response.status() != 202) co_return failure_for(response, "the poll of job " + job_id);
    snapshot = snapshot_in(response);
    if (!snapshot) co_return unreadable(response, "the poll of job " + job_id);
    if (snapshot->status == "Deleted" || snapshot->status == "Expired") co_return job_gone(job_id, response);
  }

  // Every entry: the snapshot's first page, then meta.cursor while isTruncated.
  nlohmann::json entries = snapshot->entries ? snapshot->entries->data : nlohmann::json::array();
  bool more = !snapshot->entries || snapshot->entries->truncated;
  std::string cursor = snapshot->entries ? snapshot->entries->cursor : "";
  while (more) {
    ApiCall page(settings, session, entries_request(job_id, cursor));
    for (auto next = page.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = page.next(op.now_unix_ms())) {
      if (next == ApiCall::Next::wait) co_await op.sleep(page.wait());
      else page.receive(co_await op.http(page.request()), op.now_unix_ms());
    }
    if (page.failure()) co_return *page.failure();
    if (gone(page.response().status())) co_return job_gone(job_id, page.response());
    if (page.response().status() != 200) co_return failure_for(page.response(), "the entries of job " + job_id);
    const auto next_page = page_in(page.response());
    if (!next_page) co_return unreadable(page.response(), "the entries of job " + job_id);
    for (const auto& entry : next_page->data) entries.push_back(entry);
    more = next_page->truncated;
    cursor = next_page->cursor;
  }

  if (settings.delete_after_read) {
    ApiCall removal(settings, session, delete_request(job_id));
    for (auto next = removal.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = removal.next(op.now_unix_ms())) {
      if (next == ApiCall::Next::wait) co_await op.sleep(removal.wait());
      else removal.receive(co_await op.http(removal.request()), op.now_unix_ms());
    }
    // The results are already in hand: a deletion that fails is reported, not fatal.
    if (removal.failure())
      op.log(sdk::LogLevel::warn, "Verifalia job " + job_id + " was not deleted: " + removal.failure()->json.value("message", ""));
    else if (removal.response().status() == 406)
      op.log(sdk::LogLevel::warn, "Verifalia refused to delete job " + job_id + " while it is still in progress (HTTP 406); its "
                                  "retention period will remove it.");
    else if (!removal.response().ok() && removal.response().status() != 410)
      op.log(sdk::LogLevel::warn, "Verifalia job " + job_id + " was not deleted: " +
                                      failure_for(removal.response(), "the deletion").json.value("message", ""));
  }

  co_return batch_result(*batch, entries, job_id, unit_price * double(batch->sendable));
}

}  // namespace leadflow::verifalia
