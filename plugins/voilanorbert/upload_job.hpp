// What verify_email and enrich_person share: VoilaNorbert's upload jobs. A batch of emails is
// uploaded once (POST /{verifier,enrich}/upload, with the webhook the API insists on), its token
// checkpointed at once, its status polled (GET /{...}/{token}) until ENDED, and its result CSV
// downloaded (GET /{...}/{token}/download) and matched back to the batch's items by email, never
// by position. Coroutines cannot call each other (plugin.hpp), so this file holds the requests
// and the readings plus the one coroutine both capabilities run, told apart by an UploadJobKind.
#pragma once

#include <leadflow/plugin.hpp>

#include "csv_table.hpp"
#include "responses.hpp"
#include "settings.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::voilanorbert {

enum class UploadService { verifier, enrich };

// The most emails one verify_email or enrich_person operation uploads (the manifest's max_batch).
inline constexpr std::size_t upload_max_batch = 100;

// One batch: each item's email (nullopt with a reason when the item cannot be sent) and the
// distinct emails to upload, in first-seen order. Emails compare case-insensitively.
struct UploadBatch {
  std::vector<std::optional<std::string>> emails;
  std::vector<std::string> problems;  // per item, "" when the item is sent
  std::vector<std::string> distinct;

  std::size_t size() const { return emails.size(); }
};

// The batch in {"items": [{"email": ...}, ...]}; nullopt when the payload is not a batch.
std::optional<UploadBatch> upload_batch_from(const nlohmann::json& input);
sdk::Outcome not_an_upload_batch(const std::string& capability);
// FAIL invalid_input before any request: the API answers 402 to an upload without a webhook.
sdk::Outcome webhook_required(const std::string& capability);

sdk::HttpRequest upload_request(const Settings& settings, UploadService service, const std::vector<std::string>& emails);
sdk::HttpRequest job_status_request(const Settings& settings, UploadService service, const std::string& token);
sdk::HttpRequest job_download_request(const Settings& settings, UploadService service, const std::string& token);
sdk::HttpRequest job_control_request(const Settings& settings, UploadService service, const std::string& token, bool pause);

// The token of {"success": true, "status": "Processing ...", "token": ..., "channel": ...}.
std::optional<std::string> parse_upload_token(const sdk::HttpResponse& response);
// The job's `status` (PROCESSING, PAUSED, ENDED...); nullopt when the body has none.
std::optional<std::string> parse_job_status(const sdk::HttpResponse& response);

// What a resumed operation needs: the job VoilaNorbert is running for it.
nlohmann::json checkpoint_for_token(const std::string& token);
std::optional<std::string> checkpointed_token(const nlohmann::json& checkpoint);

// The downloaded rows by lower-cased email; nullopt when the body is not a CSV with an email column.
std::optional<std::map<std::string, CsvRow>> rows_by_email(const sdk::HttpResponse& response);
std::string email_key(std::string email);

nlohmann::json item_error(sdk::ErrorCode code, std::string message);

// What tells verify_email and enrich_person apart.
struct UploadJobKind {
  std::string capability;  // "verify_email"
  std::string noun;        // "verification"
  UploadService service;
  Endpoint upload_endpoint, status_endpoint, download_endpoint;
  nlohmann::json (*output)(const CsvRow& row);  // one result row in our vocabulary
};

// The whole job: upload (or resume from the checkpointed token), poll until ENDED, download, and
// answer one item per input item. `settings` must outlive the operation.
sdk::Task upload_job(sdk::Operation& op, const Settings& settings, UploadJobKind kind);
sdk::Outcome job_still_running(UploadService service, const std::string& token, std::chrono::milliseconds waited);

}  // namespace leadflow::voilanorbert
