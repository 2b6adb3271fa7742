// The verification and enrichment routes, which share one shape: POST /{verifier,enrich}/upload
// (emails in `data`, one a line, or a CSV `file`; a webhook is required: without one the API
// answers 402 "Please provide a webhook..."), GET /{...}/{token} for the status, PUT
// /{...}/{token}/pause and /resume, GET /{...}/{token}/download for the result CSV. Each email is
// charged to the service's own balance at upload ("You are charged for each email you want to
// enrich or verify"); when the balance cannot cover them, 402 (the auto-refill failed).
#include "result_rows.hpp"
#include "voilanorbert_api.hpp"

#include <sstream>

namespace leadflow::voilanorbert_sim {
namespace {

// The docs' uploads answer errors with the code as a string: {"code": "402", "error": "..."}.
Response upload_error(int status, const std::string& message) {
  return Response::json(status, {{"code", std::to_string(status)}, {"error", message}});
}

std::string service_name(UploadKind kind) { return kind == UploadKind::verify ? "verify" : "enrich"; }

// `data`: emails one a line (the docs' example also separates them with commas). `file`: CSV
// content whose cells holding an '@' are the emails (a header cell "email" is skipped).
std::vector<std::string> emails_of(const std::string& data, const std::string& file) {
  std::vector<std::string> emails;
  auto add_cells = [&](const std::string& text, bool only_addresses) {
    std::string cell;
    std::istringstream cells(text);
    for (std::string line; std::getline(cells, line);) {
      std::istringstream parts(line);
      for (std::string part; std::getline(parts, part, ',');) {
        part = trimmed(part);
        if (part.size() >= 2 && part.front() == '"' && part.back() == '"') part = part.substr(1, part.size() - 2);
        if (part.empty() || (only_addresses && part.find('@') == std::string::npos)) continue;
        emails.push_back(part);
      }
    }
  };
  add_cells(data, false);
  add_cells(file, true);
  return emails;
}

// How long a job runs: 2 s plus half a second per email; 10 s more when a mail server greylists
// the first attempt (the service retries it itself). --job-ms replaces the model.
std::int64_t job_duration_ms(const sandbox::FakeWorld& world, const std::vector<std::string>& emails,
                             std::optional<std::int64_t> fixed_ms) {
  if (fixed_ms) return *fixed_ms;
  std::int64_t duration = 2000 + 500 * static_cast<std::int64_t>(emails.size());
  for (const auto& email : emails)
    if (world.verdict_of(email).greylisted) return duration + 10'000;
  return duration;
}

}  // namespace

Response VoilaNorbertApi::upload_verification(const Request& request, const std::string& account) {
  return upload(request, account, UploadKind::verify);
}
Response VoilaNorbertApi::upload_enrichment(const Request& request, const std::string& account) {
  return upload(request, account, UploadKind::enrich);
}
Response VoilaNorbertApi::get_verification(const Request& request, const std::string& account) {
  return job_status(request, account, UploadKind::verify);
}
Response VoilaNorbertApi::get_enrichment(const Request& request, const std::string& account) {
  return job_status(request, account, UploadKind::enrich);
}
Response VoilaNorbertApi::pause_verification(const Request& request, const std::string& account) {
  return pause_or_resume(request, account, UploadKind::verify, true);
}
Response VoilaNorbertApi::pause_enrichment(const Request& request, const std::string& account) {
  return pause_or_resume(request, account, UploadKind::enrich, true);
}
Response VoilaNorbertApi::resume_verification(const Request& request, const std::string& account) {
  return pause_or_resume(request, account, UploadKind::verify, false);
}
Response VoilaNorbertApi::resume_enrichment(const Request& request, const std::string& account) {
  return pause_or_resume(request, account, UploadKind::enrich, false);
}
Response VoilaNorbertApi::download_verification(const Request& request, const std::string& account) {
  return download(request, account, UploadKind::verify);
}
Response VoilaNorbertApi::download_enrichment(const Request& request, const std::string& account) {
  return download(request, account, UploadKind::enrich);
}

Response VoilaNorbertApi::upload(const Request& request, const std::string& account, UploadKind kind) {
  if (!request.has_form_body()) return upload_error(400, "Send the upload as application/x-www-form-urlencoded.");
  auto form = request.form();
  const auto webhook = trimmed(form["webhook"]);
  // The trap the research warns about: a missing webhook is a 402, not a credit problem.
  if (webhook.empty()) return upload_error(402, "Please provide a webhook to which we will post the " + service_name(kind) + " results");
  const auto emails = emails_of(form["data"], form["file"]);
  if (emails.empty()) return upload_error(400, "Please provide the emails, one a line in data, or a CSV file.");
  const auto balances_now = balances(account);
  const auto remaining = kind == UploadKind::verify ? balances_now.verify_remaining : balances_now.enrich_remaining;
  if (remaining < static_cast<std::int64_t>(emails.size()))
    return upload_error(402, "Your " + std::string(kind == UploadKind::verify ? "Verify" : "Enrich") +
                                 " API balance is too low and we could not refill it with your billing details.");

  const auto now_ms = now();
  UploadJob job;
  job.token = new_token();
  job.kind = kind;
  job.account = account;
  job.entries = emails;
  job.filename = "upload.txt";
  job.webhook = webhook;
  job.created_ms = now_ms;
  job.timeline = {.started_ms = now_ms, .duration_ms = job_duration_ms(context_.world, emails, context_.options.job_ms)};
  const auto created = uploads_.create(std::move(job));
  context_.ledger.charge(account, kind == UploadKind::verify ? charged_verification : charged_enrichment, created.token,
                         static_cast<std::int64_t>(emails.size()));
  return Response::json(200, {{"success", true}, {"status", "Processing ..."}, {"token", created.token}, {"channel", new_token()}});
}

Response VoilaNorbertApi::job_status(const Request& request, const std::string& account, UploadKind kind) {
  const auto job = uploads_.find(account, kind, request.path_params.at("token"));
  if (!job) return error_response(404, "Not found.");
  const auto now_ms = now();
  return Response::json(200, upload_job_json(*job, now_ms, job_counts(*job, now_ms)));
}

Response VoilaNorbertApi::pause_or_resume(const Request& request, const std::string& account, UploadKind kind, bool pause) {
  const auto& token = request.path_params.at("token");
  const auto now_ms = now();
  const auto job = pause ? uploads_.pause(account, kind, token, now_ms) : uploads_.resume(account, kind, token, now_ms);
  if (!job) return error_response(404, "Not found.");
  return Response::json(200, upload_job_json(*job, now_ms, job_counts(*job, now_ms)));
}

Response VoilaNorbertApi::download(const Request& request, const std::string& account, UploadKind kind) {
  const auto job = uploads_.find(account, kind, request.path_params.at("token"));
  if (!job) return error_response(404, "Not found.");
  if (job->status(now()) != "ENDED")
    return error_response(400, "The " + service_name(kind) + " request is not finished; download it once its status is ENDED.");
  const auto& columns = kind == UploadKind::verify ? verification_columns() : enrichment_columns();
  return Response::text(200, csv_of(columns, job_rows(*job)), "application/csv");
}

std::vector<nlohmann::json> VoilaNorbertApi::job_rows(const UploadJob& job) const {
  std::vector<nlohmann::json> rows;
  for (const auto& email : job.entries)
    rows.push_back(job.kind == UploadKind::verify ? verification_row(context_.world, email) : enrichment_row(context_.world, email));
  return rows;
}

// Verification: {deliverables, risky, bounces}; enrichment: {success}; over the treated entries.
nlohmann::json VoilaNorbertApi::job_counts(const UploadJob& job, std::int64_t now_ms) const {
  const auto treated = job.timeline.treated(now_ms, static_cast<std::int64_t>(job.entries.size()));
  std::int64_t deliverables = 0, risky = 0, bounces = 0, success = 0;
  for (std::int64_t i = 0; i < treated; ++i) {
    const auto& email = job.entries[static_cast<std::size_t>(i)];
    if (job.kind == UploadKind::enrich) {
      success += context_.world.person_by_email(email) ? 1 : 0;
      continue;
    }
    const auto row = verification_row(context_.world, email);
    deliverables += row["is_deliverable"].get<bool>() ? 1 : 0;
    risky += row["is_risky"].get<bool>() ? 1 : 0;
    bounces += row["is_bounce"].get<bool>() ? 1 : 0;
  }
  if (job.kind == UploadKind::enrich) return {{"success", success}};
  return {{"deliverables", deliverables}, {"risky", risky}, {"bounces", bounces}};
}

}  // namespace leadflow::voilanorbert_sim
