// VoilaNorbert's documented response bodies; see contact_json.hpp.
#include "contact_json.hpp"

#include <cstdio>
#include <sstream>

namespace leadflow::voilanorbert_sim {
namespace {

std::string hex_digest(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

nlohmann::json company_json(const sandbox::Company& company) {
  nlohmann::json keywords = nlohmann::json::array();
  std::istringstream words(company.name.substr(0, company.name.find(',')));
  for (std::string word; words >> word;) keywords.push_back(word);
  return {{"description", nullptr},
          {"is_done", true},
          {"keywords", std::move(keywords)},
          {"logo", "https://logo.clearbit.com/" + company.domain},
          {"name", company.name},
          {"raw_url", company.domain},
          {"title", company.name},
          {"url", "http://www." + company.domain}};
}

nlohmann::json owner_json() {
  return {{"admin", true},
          {"avatar_url", "https://secure.gravatar.com/avatar/" + hex_digest("sandbox") + "?d=mm&s=128"},
          {"email", "sandbox@voilanorbert.example"},
          {"firstname", "Sandbox"},
          {"language", "en"},
          {"name", "Sandbox"}};
}

nlohmann::json email_json(const Contact& contact) {
  const auto& person = *contact.person;
  const int score = person.domain_kind == sandbox::DomainKind::catch_all ? 80 : 100;
  return {{"avatar_url", "https://secure.gravatar.com/avatar/" + hex_digest(person.email) + "&s=128"},
          {"email", person.email},
          {"is_done", true},
          {"score", score}};
}

// The "account" object of jobs: who submitted it.
nlohmann::json account_summary_json() {
  return {{"email", "sandbox@voilanorbert.example"}, {"firstname", "Sandbox"}, {"name", "Sandbox"}, {"plan", nullptr}};
}

}  // namespace

nlohmann::json contact_json(const Contact& contact, std::int64_t now_ms) {
  nlohmann::json lists = nlohmann::json::array();
  for (const auto id : contact.lists) lists.push_back(id);
  return {{"company", company_json(*contact.company)},
          {"created", contact.created_ms},
          {"email", contact.email_found(now_ms) ? email_json(contact) : nlohmann::json(nullptr)},
          {"id", contact.id},
          {"lists", std::move(lists)},
          {"name", contact.name},
          {"owner", owner_json()},
          {"searching", contact.searching(now_ms)},
          {"status", "LEAD"}};
}

nlohmann::json credits_json(std::int64_t credits_remaining, std::int64_t credits_total) {
  return {{"charge_failed", 0},
          {"refill_credits", 100},
          {"refill_limit", 279000},
          {"refill_price", 50},
          {"remains", credits_remaining},
          {"total", credits_total}};
}

nlohmann::json account_json(const std::string& api_token, const Balances& balances) {
  auto balance_entry = [](std::int64_t processed, std::int64_t remaining) {
    return nlohmann::json{{"processed_entries", processed}, {"refill_amount", 50}, {"refill_limit", 10}, {"remaining", remaining}};
  };
  return {{"admin", true},
          {"api_token", api_token},
          {"avatar_url", "https://secure.gravatar.com/avatar/" + hex_digest("sandbox") + "?d=mm&s=128"},
          {"balance",
           {{"enrich", balance_entry(balances.enrich_processed, balances.enrich_remaining)},
            {"verify", balance_entry(balances.verify_processed, balances.verify_remaining)}}},
          {"created", 1500401705000},
          {"credits", credits_json(balances.credits_remaining, balances.credits_total)},
          {"email", "sandbox@voilanorbert.example"},
          {"firstname", "Sandbox"},
          {"has_cc", true},
          {"is_account_verified", true},
          {"language", "en"},
          {"name", "Sandbox"},
          {"optin", false},
          {"phone_verified", nullptr},
          {"plan", {{"credits", balances.credits_total}, {"display", "Advisor"}, {"rollover", false}, {"workers", 50}, {"yearly", false}}}};
}

nlohmann::json list_json(const ContactList& list, std::size_t contacts) {
  return {{"contacts", contacts}, {"created", list.created_ms}, {"id", list.id}, {"name", list.name}};
}

nlohmann::json massive_json(const Massive& massive, std::int64_t now_ms, bool in_listing) {
  const auto quantity = static_cast<std::int64_t>(massive.lines.size());
  const auto status = massive.status(now_ms);
  const auto treated = status == "QUEUED" ? 0 : massive.timeline.treated(now_ms, quantity);
  return {{"account", account_summary_json()},
          {"created", massive.created_ms},
          {"enrich", false},
          {"enrich_token", nullptr},
          {"filename", massive.filename},
          {"rerun_frequency", massive.rerun_frequency ? nlohmann::json(*massive.rerun_frequency) : nlohmann::json(nullptr)},
          {in_listing ? "rerun_last_time" : "rerun_lasttime", massive.created_ms},
          {"webhook", massive.webhook.empty() ? nlohmann::json(nullptr) : nlohmann::json(massive.webhook)},
          {"id", massive.id},
          {"list_id", massive.list_id},
          {"quantity", quantity},
          {"status", status},
          {"success", massive.settled ? massive.success : 0},
          {"treated", treated},
          {"updated", massive.updated_ms}};
}

nlohmann::json upload_job_json(const UploadJob& job, std::int64_t now_ms, const nlohmann::json& counts) {
  const bool verify = job.kind == UploadKind::verify;
  const auto entries = static_cast<std::int64_t>(job.entries.size());
  const auto status = job.status(now_ms);
  const auto folder = std::string(verify ? "verify" : "enrich") + "/sandbox/" + job.token + "/" + job.filename;
  nlohmann::json body{{"account", account_summary_json()},
                      {"created", job.created_ms},
                      {"email", nullptr},
                      {"ended", status == "ENDED" ? nlohmann::json(job.timeline.end_ms()) : nlohmann::json(nullptr)},
                      {"entries", entries},
                      {"filename", job.filename},
                      {"id", job.id},
                      {"is_loaded", true},
                      {"paid", job.created_ms},
                      {"path", folder},
                      {"price", nullptr},
                      {"refunded", nullptr},
                      {"started", job.timeline.started_ms},
                      {"status", status},
                      {"stripe_id", nullptr},
                      {"token", job.token},
                      {"treated", job.timeline.treated(now_ms, entries)},
                      {"type", "API"}};
  if (verify) {
    body["enrich"] = false;
    body["enrich_token"] = nullptr;
    body["name"] = nullptr;
  }
  body.update(counts);
  return body;
}

nlohmann::json organization_json(std::int64_t credits_remaining, std::int64_t credits_total) {
  return {{"id", 1},
          {"company_name", "Sandbox Organization"},
          {"company_vat", nullptr},
          {"address", ""},
          {"zipcode", "90800"},
          {"city", "BELFORT"},
          {"country", "France"},
          {"is_auto_renew", false},
          {"auto_renew_at", 10},
          {"auto_renew_quantity", 1000},
          {"cc_expires", 1575158400000},
          {"plan", {{"credits", credits_total}, {"id", 3}, {"name", "Advisor"}, {"price", 249}}},
          {"is_yearly", false},
          {"next_payment", 1466899200000},
          {"credits", {{"remains", credits_remaining}, {"total", credits_total}}}};
}

}  // namespace leadflow::voilanorbert_sim
