// find_email over VoilaNorbert's asynchronous search: submit once, checkpoint the contact id,
// poll the contact. A resumed operation polls the checkpointed contact instead of searching
// again.
#include "find_email.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "responses.hpp"

namespace leadflow::voilanorbert {
namespace {

using namespace std::chrono_literals;

// What /search/name needs: a full name and a domain, or a company name when no domain is known.
struct SearchQuery {
  std::string name;
  std::string domain;
  std::string company;
  std::string list_id;  // optional: the list the contact is attached to

  std::optional<std::string> missing() const {
    if (name.empty()) return "find_email needs full_name, or first_name and last_name, to search VoilaNorbert.";
    if (domain.empty() && company.empty()) return "find_email needs a domain or a company to search VoilaNorbert.";
    if (!list_id.empty() && list_id.find_first_not_of("0123456789") != std::string::npos)
      return "find_email: list_id must be a VoilaNorbert list id (a whole number), got '" + list_id + "'.";
    return std::nullopt;
  }
};

std::string trimmed_text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key) || !input[key].is_string()) return "";
  const auto& text = input[key].get_ref<const std::string&>();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "https://www.acme.com/about" -> "acme.com": the vocabulary lets a website stand for the domain.
std::string domain_of_website(std::string website) {
  if (const auto scheme = website.find("://"); scheme != std::string::npos) website.erase(0, scheme + 3);
  if (const auto path = website.find('/'); path != std::string::npos) website.erase(path);
  if (website.starts_with("www.")) website.erase(0, 4);
  return website;
}

SearchQuery query_from(const nlohmann::json& input) {
  SearchQuery query{trimmed_text(input, "full_name"), trimmed_text(input, "domain"), trimmed_text(input, "company"),
                    trimmed_text(input, "list_id")};
  if (query.domain.empty()) query.domain = domain_of_website(trimmed_text(input, "website"));
  if (query.name.empty()) {
    const auto first = trimmed_text(input, "first_name");
    const auto last = trimmed_text(input, "last_name");
    query.name = first.empty() || last.empty() ? first + last : first + " " + last;
  }
  return query;
}

sdk::HttpRequest search_request(const Settings& settings, const SearchQuery& query) {
  std::vector<std::pair<std::string, std::string>> form{{"name", query.name}};
  if (!query.domain.empty())
    form.emplace_back("domain", query.domain);  // preferred: VoilaNorbert checks the domain itself
  else
    form.emplace_back("company", query.company);
  if (!query.list_id.empty()) form.emplace_back("list_id", query.list_id);
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.url("/search/name"),
      .headers = {settings.authorization(), {"Content-Type", "application/x-www-form-urlencoded"}},
      .body = sdk::form_encode(form),
      // Safe to resend: the docs say a second search for the same contact is not charged again
      // ("If you search a second time for that same contact, we won't deduct a second credit").
      .idempotent = true,
      .rate_limit_key = "search_name",
      .expected_cost = 1,
  };
}

// The docs' prose says GET /contact/{id}; their sample code (and the Contacts section) use
// /contacts/{id}, which is what we call.
sdk::HttpRequest contact_request(const Settings& settings, std::int64_t contact_id) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/contacts/" + sdk::encode_path_segment(std::to_string(contact_id))),
      .headers = {settings.authorization()},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

std::optional<std::int64_t> checkpointed_contact_id(const nlohmann::json& checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("contact_id") || !checkpoint["contact_id"].is_number_integer())
    return std::nullopt;
  return checkpoint["contact_id"].get<std::int64_t>();
}

// What a resumed operation needs: the contact VoilaNorbert is searching.
nlohmann::json checkpoint_for(std::int64_t contact_id) { return {{"contact_id", contact_id}}; }

sdk::Outcome still_searching(std::int64_t contact_id, std::chrono::milliseconds waited) {
  return sdk::fail(sdk::ErrorCode::timeout,
                   "VoilaNorbert was still searching contact " + std::to_string(contact_id) + " after waiting " +
                       std::to_string(waited.count()) + " ms (max_wait_ms); retry later: a repeated search of the "
                       "same contact is not charged again.",
                   true);
}

// The docs: "If you search a second time for that same contact, we won't deduct a second
// credit". Remember, in the host's persistent cache, which contacts have been paid for, so a
// duplicate row or a later run reports 0 credits for a contact VoilaNorbert already charged.
// Contact ids are VoilaNorbert's own record ids, so they also tell accounts apart; the key holds
// the contact's URL, so another server (a sandbox simulator, which numbers contacts afresh each
// time it starts) never shares them.
sdk::Outcome charged_once(const sdk::Operation& op, const Settings& settings, sdk::Outcome outcome, std::int64_t contact_id) {
  if (outcome.credits_spent <= 0) return outcome;
  const auto key = "charged:" + settings.url("/contacts/" + std::to_string(contact_id));
  if (op.host().cache_get(key))
    outcome.credits_spent = 0;
  else
    op.host().cache_put(key, "1");
  return outcome;
}

}  // namespace

sdk::Task find_email(sdk::Operation& op, const Settings& settings) {
  const SearchQuery query = query_from(op.input());
  if (auto problem = query.missing()) co_return sdk::fail(sdk::ErrorCode::invalid_input, *problem);

  std::int64_t contact_id = 0;
  if (auto resumed = checkpointed_contact_id(op.checkpoint())) {
    contact_id = *resumed;
    op.log(sdk::LogLevel::info, "Resuming the VoilaNorbert search of contact " + std::to_string(contact_id) + ".");
  } else {
    const auto response = co_await op.http(search_request(settings, query));
    if (auto failure = failure_for(response, Endpoint::search_name)) co_return *failure;
    const auto contact = parse_contact(response);
    if (!contact) co_return unreadable(response, Endpoint::search_name);
    if (!contact->searching) co_return charged_once(op, settings, contact_result(*contact), contact->id);
    contact_id = contact->id;
    co_await op.save_checkpoint(checkpoint_for(contact_id));
  }

  // The docs say "until searching is true"; their sample stops when searching is False, and
  // so do we. The sample sleeps 10 s between polls (poll_interval_ms).
  std::chrono::milliseconds waited = 0ms;
  std::chrono::milliseconds next_wait = settings.first_poll;
  while (waited < settings.max_wait) {
    const auto wait = std::min(next_wait, settings.max_wait - waited);
    co_await op.sleep(wait);
    waited += wait;
    const auto response = co_await op.http(contact_request(settings, contact_id));
    if (auto failure = failure_for(response, Endpoint::contact)) co_return *failure;
    const auto contact = parse_contact(response);
    if (!contact) co_return unreadable(response, Endpoint::contact);
    if (!contact->searching) co_return charged_once(op, settings, contact_result(*contact), contact_id);
    next_wait = settings.poll_interval;
  }
  co_return still_searching(contact_id, waited);
}

}  // namespace leadflow::voilanorbert
