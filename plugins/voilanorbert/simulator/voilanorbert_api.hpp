// The simulated VoilaNorbert account server behind every route: its state (contacts, lists, bulk
// searches, verification and enrichment jobs, webhooks) and one handler per documented endpoint.
// The handlers live in files named after the part of the API they serve (search_routes.cpp,
// list_routes.cpp, massive_routes.cpp, upload_routes.cpp); voilanorbert_simulator.cpp holds the
// gate every request passes, the account routes and the route table.
#pragma once

#include "contact_book.hpp"
#include "contact_json.hpp"
#include "list_book.hpp"
#include "massive_jobs.hpp"
#include "upload_jobs.hpp"
#include "voilanorbert_simulator.hpp"
#include "webhook_outbox.hpp"

#include <leadflow/sandbox/simulator_context.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace leadflow::voilanorbert_sim {

// Ledger operations, one per way VoilaNorbert charges. Search credits are spent by the first
// three; verify and enrich draw on their own balances.
inline constexpr const char* charged_name_search = "search/name";
inline constexpr const char* charged_domain_search = "search/domain";
inline constexpr const char* charged_bulk_search = "massives";
inline constexpr const char* charged_verification = "verifier/upload";
inline constexpr const char* charged_enrichment = "enrich/upload";

using sandbox::Request;
using sandbox::Response;

// {"code": status, "error": message}, the documented error object.
Response error_response(int status, const std::string& message);
// {"field": [message]}, the documented form error.
Response form_error(const std::string& field, const std::string& message);
std::string trimmed(std::string text);
std::optional<std::int64_t> whole_number(const std::string& text);
bool truthy(const std::string& text);

// THREAD: handlers run on the server's threads and the webhook thread calls settle(); every
// member is thread-safe itself.
class VoilaNorbertApi {
 public:
  explicit VoilaNorbertApi(sandbox::SimulatorContext& context);

  using Route = Response (VoilaNorbertApi::*)(const Request&, const std::string& account);

  // Rate limit, then authentication, then the route; X-RateLimit-* on every answer.
  Response gate(const Request& request, const std::string& rate_class, Route route);

  // search_routes.cpp
  Response search_name(const Request& request, const std::string& account);
  Response search_domain(const Request& request, const std::string& account);
  Response get_contact(const Request& request, const std::string& account);
  Response list_contacts(const Request& request, const std::string& account);
  // list_routes.cpp
  Response get_lists(const Request& request, const std::string& account);
  Response create_list(const Request& request, const std::string& account);
  Response get_list(const Request& request, const std::string& account);
  Response update_list(const Request& request, const std::string& account);
  Response add_to_list(const Request& request, const std::string& account);
  // massive_routes.cpp
  Response submit_massive(const Request& request, const std::string& account);
  Response list_massives(const Request& request, const std::string& account);
  Response get_massive(const Request& request, const std::string& account);
  Response delete_massive(const Request& request, const std::string& account);
  Response pause_massive(const Request& request, const std::string& account);
  Response resume_massive(const Request& request, const std::string& account);
  Response set_massive_rerun(const Request& request, const std::string& account);
  Response reset_massive_rerun(const Request& request, const std::string& account);
  Response download_massive(const Request& request, const std::string& account);
  // upload_routes.cpp
  Response upload_verification(const Request& request, const std::string& account);
  Response upload_enrichment(const Request& request, const std::string& account);
  Response get_verification(const Request& request, const std::string& account);
  Response get_enrichment(const Request& request, const std::string& account);
  Response pause_verification(const Request& request, const std::string& account);
  Response pause_enrichment(const Request& request, const std::string& account);
  Response resume_verification(const Request& request, const std::string& account);
  Response resume_enrichment(const Request& request, const std::string& account);
  Response download_verification(const Request& request, const std::string& account);
  Response download_enrichment(const Request& request, const std::string& account);
  // voilanorbert_simulator.cpp
  Response get_account(const Request& request, const std::string& account);
  Response get_organization(const Request& request, const std::string& account);
  Response get_credits(const Request& request, const std::string& account);

  // Finishes what ended by `now_ms`: charges bulk searches and schedules every due webhook.
  void settle(std::int64_t now_ms);
  nlohmann::json webhooks() const { return outbox_.to_json(); }
  void forget_everything();

 private:
  // A name search's webhook, sent once its search is over.
  struct PendingSearchHook {
    std::int64_t contact_id = 0;
    std::string account;
    std::string url;
    std::int64_t due_ms = 0;
  };

  Response answer_contact(const Contact& contact, std::int64_t now_ms);
  Response upload(const Request& request, const std::string& account, UploadKind kind);
  Response job_status(const Request& request, const std::string& account, UploadKind kind);
  Response pause_or_resume(const Request& request, const std::string& account, UploadKind kind, bool pause);
  Response download(const Request& request, const std::string& account, UploadKind kind);
  nlohmann::json job_counts(const UploadJob& job, std::int64_t now_ms) const;
  std::vector<nlohmann::json> job_rows(const UploadJob& job) const;
  void settle_massive(const Massive& massive);
  std::size_t contacts_on(const std::string& account, std::int64_t list_id) const;

  Balances balances(const std::string& account) const;
  std::int64_t credits_remaining(const std::string& account) const { return balances(account).credits_remaining; }
  std::string new_token();
  std::int64_t now() const { return context_.clock.virtual_now_ms(); }

  sandbox::SimulatorContext& context_;
  ContactBook contacts_;
  ListBook lists_;
  MassiveJobs massives_;
  UploadJobs uploads_;
  std::mutex hooks_mutex_;
  std::vector<PendingSearchHook> search_hooks_;
  WebhookOutbox outbox_;  // last: its thread calls settle(), so it must stop before the rest goes
};

}  // namespace leadflow::voilanorbert_sim
