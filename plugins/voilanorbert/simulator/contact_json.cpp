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

}  // namespace

nlohmann::json contact_json(const Contact& contact, std::int64_t now_ms) {
  nlohmann::json lists = nlohmann::json::array();
  if (contact.list_id) lists.push_back(*contact.list_id);
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

nlohmann::json account_json(const std::string& api_token, std::int64_t credits_remaining, std::int64_t credits_total) {
  const nlohmann::json balance_entry = {{"processed_entries", 0}, {"refill_amount", 50}, {"refill_limit", 10}, {"remaining", 50.0}};
  return {{"admin", true},
          {"api_token", api_token},
          {"avatar_url", "https://secure.gravatar.com/avatar/" + hex_digest("sandbox") + "?d=mm&s=128"},
          {"balance", {{"enrich", balance_entry}, {"verify", balance_entry}}},
          {"created", 1500401705000},
          {"credits", credits_json(credits_remaining, credits_total)},
          {"email", "sandbox@voilanorbert.example"},
          {"firstname", "Sandbox"},
          {"has_cc", true},
          {"is_account_verified", true},
          {"language", "en"},
          {"name", "Sandbox"},
          {"optin", false},
          {"phone_verified", nullptr},
          {"plan", {{"credits", credits_total}, {"display", "Advisor"}, {"rollover", false}, {"workers", 50}, {"yearly", false}}}};
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
