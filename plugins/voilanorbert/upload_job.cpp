// Requests and readings of VoilaNorbert's upload jobs; see upload_job.hpp.
#include "upload_job.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <set>

namespace leadflow::voilanorbert {
namespace {

std::string service_path(UploadService service) { return service == UploadService::verifier ? "/verifier/" : "/enrich/"; }
std::string service_noun(UploadService service) { return service == UploadService::verifier ? "verification" : "enrichment"; }

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string email_key(std::string email) {
  email = trimmed(email);
  std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return email;
}

std::optional<UploadBatch> upload_batch_from(const nlohmann::json& input) {
  if (!input.contains("items") || !input["items"].is_array()) return std::nullopt;
  const auto& items = input["items"];
  if (items.empty() || items.size() > upload_max_batch) return std::nullopt;
  UploadBatch batch;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const auto email = item.is_object() && item.contains("email") && item["email"].is_string() ? trimmed(item["email"].get<std::string>()) : "";
    if (email.empty()) {
      batch.emails.push_back(std::nullopt);
      batch.problems.push_back("item " + std::to_string(i) + " has no email to send to VoilaNorbert.");
      continue;
    }
    // The upload carries one email a line (the docs also separate them with commas): an address
    // holding a line break or a comma cannot be sent as itself.
    if (email.find_first_of(",\r\n") != std::string::npos) {
      batch.emails.push_back(std::nullopt);
      batch.problems.push_back("item " + std::to_string(i) + "'s email holds a comma or a line break, which VoilaNorbert's "
                               "upload format cannot carry.");
      continue;
    }
    batch.emails.push_back(email);
    batch.problems.emplace_back();
    if (seen.insert(email_key(email)).second) batch.distinct.push_back(email);
  }
  return batch;
}

sdk::Outcome not_an_upload_batch(const std::string& capability) {
  return sdk::fail(sdk::ErrorCode::invalid_input,
                   capability + " expects the batch payload {\"items\": [{\"email\": ...}, ...]} with 1 to " +
                       std::to_string(upload_max_batch) + " items (its max_batch); the host sent something else.");
}

sdk::Outcome webhook_required(const std::string& capability) {
  return sdk::fail(sdk::ErrorCode::invalid_input,
                   "VoilaNorbert refuses " + capability + " uploads without a webhook (it answers HTTP 402): set webhook_url "
                   "in the provider config. Any URL will do: leadflow collects the results by polling, not from the webhook.");
}

sdk::HttpRequest upload_request(const Settings& settings, UploadService service, const std::vector<std::string>& emails) {
  std::string data;
  for (const auto& email : emails) data += (data.empty() ? "" : "\n") + email;
  // Not idempotent: "You are charged for each email you want to enrich or verify", per upload.
  return settings.request("POST", service_path(service) + "upload", {{"data", data}, {"webhook", settings.webhook_url}}, "default",
                          false, static_cast<double>(emails.size()));
}

sdk::HttpRequest job_status_request(const Settings& settings, UploadService service, const std::string& token) {
  return settings.request("GET", service_path(service) + sdk::encode_path_segment(token), {}, "default", true);
}

sdk::HttpRequest job_download_request(const Settings& settings, UploadService service, const std::string& token) {
  return settings.request("GET", service_path(service) + sdk::encode_path_segment(token) + "/download", {}, "default", true);
}

sdk::HttpRequest job_control_request(const Settings& settings, UploadService service, const std::string& token, bool pause) {
  return settings.request("PUT", service_path(service) + sdk::encode_path_segment(token) + (pause ? "/pause" : "/resume"), {},
                          "default", true);
}

std::optional<std::string> parse_upload_token(const sdk::HttpResponse& response) {
  const auto body = json_object(response);
  if (!body || !body->contains("token") || !(*body)["token"].is_string()) return std::nullopt;
  auto token = (*body)["token"].get<std::string>();
  if (token.empty()) return std::nullopt;
  return token;
}

std::optional<std::string> parse_job_status(const sdk::HttpResponse& response) {
  const auto body = json_object(response);
  if (!body || !body->contains("status") || !(*body)["status"].is_string()) return std::nullopt;
  return (*body)["status"].get<std::string>();
}

nlohmann::json checkpoint_for_token(const std::string& token) { return {{"token", token}}; }

std::optional<std::string> checkpointed_token(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("token") || !checkpoint["token"].is_string()) return std::nullopt;
  return checkpoint["token"].get<std::string>();
}

std::optional<std::map<std::string, CsvRow>> rows_by_email(const sdk::HttpResponse& response) {
  const auto rows = parse_csv(response.body());
  if (!rows) return std::nullopt;
  std::map<std::string, CsvRow> by_email;
  for (const auto& row : *rows) {
    const auto email = row.find("email");
    if (email == row.end()) return std::nullopt;
    by_email.emplace(email_key(email->second), row);
  }
  return by_email;
}

nlohmann::json item_error(sdk::ErrorCode code, std::string message) {
  return {{"error", {{"code", sdk::to_string(code)}, {"message", std::move(message)}}}};
}

sdk::Outcome job_still_running(UploadService service, const std::string& token, std::chrono::milliseconds waited) {
  return sdk::fail(sdk::ErrorCode::timeout,
                   "VoilaNorbert's " + service_noun(service) + " " + token + " had not ended after waiting " +
                       std::to_string(waited.count()) + " ms (job_max_wait_ms); it may be paused: resume it (voilanorbert." +
                       (service == UploadService::verifier ? "verify_resume" : "enrich_resume") + ") or retry later.",
                   true);
}

namespace {

using namespace std::chrono_literals;

// One item per input item, in order: its result row in our vocabulary, or why it has none.
sdk::Outcome batch_result(const UploadJobKind& kind, const UploadBatch& batch, const std::map<std::string, CsvRow>& rows,
                          double credits) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!batch.emails[i]) {
      items.push_back(item_error(sdk::ErrorCode::invalid_input, kind.capability + ": " + batch.problems[i]));
      continue;
    }
    const auto row = rows.find(email_key(*batch.emails[i]));
    if (row == rows.end())
      items.push_back(item_error(sdk::ErrorCode::bad_response,
                                 "VoilaNorbert's " + kind.noun + " result has no line for " + *batch.emails[i] + "."));
    else
      items.push_back(kind.output(row->second));
  }
  return sdk::done({{"items", std::move(items)}}, credits);
}

// A failure once the upload went through still reports what the upload cost: VoilaNorbert
// charged every email of it.
sdk::Outcome after_paying(sdk::Outcome failure, double credits) {
  failure.credits_spent = credits;
  return failure;
}

}  // namespace

sdk::Task upload_job(sdk::Operation& op, const Settings& settings, UploadJobKind kind) {
  const auto batch = upload_batch_from(op.input());
  if (!batch) co_return not_an_upload_batch(kind.capability);
  if (batch->distinct.empty()) co_return batch_result(kind, *batch, std::map<std::string, CsvRow>(), 0);
  if (settings.webhook_url.empty()) co_return webhook_required(kind.capability);
  const auto credits = static_cast<double>(batch->distinct.size());

  std::string token;
  std::chrono::milliseconds waited = 0ms;
  if (auto resumed = checkpointed_token(op.checkpoint())) {
    token = *resumed;
    op.log(sdk::LogLevel::info, "Resuming VoilaNorbert " + kind.noun + " " + token + ".");
  } else {
    const auto uploaded = co_await op.http(upload_request(settings, kind.service, batch->distinct));
    if (auto failure = failure_for(uploaded, kind.upload_endpoint)) co_return *failure;
    const auto new_token = parse_upload_token(uploaded);
    if (!new_token) co_return after_paying(unreadable(uploaded, kind.upload_endpoint), credits);
    token = *new_token;
    co_await op.save_checkpoint(checkpoint_for_token(token));
    co_await op.sleep(settings.first_poll);
    waited = settings.first_poll;
  }

  // "GET /{verifier,enrich}/{token}: Returns the latest status" until it says ENDED.
  while (true) {
    const auto status = co_await op.http(job_status_request(settings, kind.service, token));
    if (auto failure = failure_for(status, kind.status_endpoint)) co_return after_paying(*failure, credits);
    const auto state = parse_job_status(status);
    if (!state) co_return after_paying(unreadable(status, kind.status_endpoint), credits);
    if (*state == "ENDED") break;
    if (waited >= settings.job_max_wait) co_return after_paying(job_still_running(kind.service, token, waited), credits);
    const auto wait = std::min(settings.job_poll_interval, settings.job_max_wait - waited);
    co_await op.sleep(wait);
    waited += wait;
  }

  const auto downloaded = co_await op.http(job_download_request(settings, kind.service, token));
  if (auto failure = failure_for(downloaded, kind.download_endpoint)) co_return after_paying(*failure, credits);
  const auto rows = rows_by_email(downloaded);
  if (!rows) co_return after_paying(unreadable(downloaded, kind.download_endpoint), credits);
  co_return batch_result(kind, *batch, *rows, credits);
}

}  // namespace leadflow::voilanorbert
