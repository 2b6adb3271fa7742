// Reading the v2 Domain Search answers into find_domain_emails' output; see domain_people.hpp.
#include "domain_people.hpp"

#include "status_mapping.hpp"

#include <algorithm>
#include <cctype>

namespace leadflow::snov {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string text_at(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

// Keeps only the fields Snov gave: "Fields the provider does not know are absent".
void put(nlohmann::json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

}  // namespace

ApiCall company_start(const Settings& settings, const DomainQuery& query) {
  auto call = form_post(settings.url("/v2/domain-search/start"), {{"domain", query.domain}}, "the domain search (company info)");
  call.expected_cost = 1;
  return call;
}

ApiCall prospects_start(const Settings& settings, const DomainQuery& query) {
  FormFields fields{{"domain", query.domain}, {"page", "1"}};
  for (std::size_t i = 0; i < query.positions.size(); ++i) fields.emplace_back("positions[" + std::to_string(i) + "]", query.positions[i]);
  auto call = form_post(settings.url("/v2/domain-search/prospects/start"), fields, "the prospects search");
  call.expected_cost = 1;
  return call;
}

ApiCall emails_start(const Settings& settings, const std::string& domain, const std::string& kind, const std::string& next) {
  FormFields fields{{"domain", domain}};
  if (!next.empty()) fields.emplace_back("next", next);
  auto call = form_post(settings.url("/v2/domain-search/" + kind + "/start"), fields, "the " + kind + " search");
  call.expected_cost = 1;
  return call;
}

ApiCall post_link(const std::string& url, std::string what) {
  ApiCall call{.method = "POST", .url = url, .what = std::move(what)};
  call.expected_cost = 1;
  return call;
}

bool has_results(const nlohmann::json& result) {
  const auto& data = result.value("data", nlohmann::json());
  if (data.is_array()) return !data.empty();
  if (data.is_object() && data.contains("emails")) return data["emails"].is_array() && !data["emails"].empty();
  return data.is_object() && !data.empty();
}

std::string next_cursor(const nlohmann::json& result) {
  return result.contains("/meta/next"_json_pointer) && result["/meta/next"_json_pointer].is_string() ? result["/meta/next"_json_pointer].get<std::string>()
                                                                                                    : "";
}

void DomainPeople::read_company(const nlohmann::json& result) {
  raw_.push_back(result);
  const auto& data = result.value("data", nlohmann::json());
  if (result.contains("/meta/emails_count"_json_pointer) && result["/meta/emails_count"_json_pointer].is_number())
    emails_total_ = result["/meta/emails_count"_json_pointer].get<std::int64_t>();
  if (result.contains("/meta/generic_contacts_count"_json_pointer) && result["/meta/generic_contacts_count"_json_pointer].is_number())
    emails_total_ += result["/meta/generic_contacts_count"_json_pointer].get<std::int64_t>();
  if (!data.is_object() || data.empty()) return;
  company_ = nlohmann::json::object();
  put(company_, "name", text_at(data, "company_name"));
  company_["domain"] = query_.domain;
  put(company_, "industry", text_at(data, "industry"));
  put(company_, "size", text_at(data, "size"));
  put(company_, "city", text_at(data, "city"));
  put(company_, "website", text_at(data, "website"));
  put(company_, "phone", text_at(data, "hq_phone"));
  put(company_, "founded", text_at(data, "founded"));
}

std::vector<nlohmann::json> DomainPeople::prospects_of_page(const nlohmann::json& result) {
  raw_.push_back(result);
  if (result.contains("/meta/total_count"_json_pointer) && result["/meta/total_count"_json_pointer].is_number())
    prospects_total_ = result["/meta/total_count"_json_pointer].get<std::int64_t>();
  std::vector<nlohmann::json> prospects;
  if (result.contains("data") && result["data"].is_array())
    for (const auto& prospect : result["data"])
      if (prospect.is_object()) prospects.push_back(prospect);
  return prospects;
}

void DomainPeople::add_prospect(const nlohmann::json& prospect, const nlohmann::json& email_result) {
  if (full()) return;
  nlohmann::json person{{"type", "personal"}};
  const auto first = text_at(prospect, "first_name"), last = text_at(prospect, "last_name");
  put(person, "first_name", first);
  put(person, "last_name", last);
  put(person, "full_name", first.empty() || last.empty() ? first + last : first + " " + last);
  put(person, "position", text_at(prospect, "position"));
  put(person, "linkedin_url", text_at(prospect, "source_page"));
  const auto emails = email_result.contains("/data/emails"_json_pointer) ? email_result["/data/emails"_json_pointer] : nlohmann::json::array();
  nlohmann::json best;
  for (const auto& email : emails)
    if (email.is_object() && !text_at(email, "email").empty() && (best.is_null() || text_at(email, "smtp_status") == "valid")) best = email;
  if (!best.is_null()) {
    const auto status = text_at(best, "smtp_status");
    person["email"] = text_at(best, "email");
    person["confidence"] = confidence_of(status);
    person["email_status"] = email_status_of(status);
    addresses_.insert(lowercase(text_at(best, "email")));
  }
  people_.push_back(std::move(person));
}

void DomainPeople::add_emails(const nlohmann::json& result, const char* type) {
  raw_.push_back(result);
  if (!result.contains("data") || !result["data"].is_array()) return;
  for (const auto& entry : result["data"]) {
    if (full()) return;
    const auto email = text_at(entry, "email");
    if (email.empty() || !addresses_.insert(lowercase(email)).second) continue;
    // "Keep in mind, these emails are unverified."
    people_.push_back({{"email", email}, {"type", type}});
  }
}

sdk::Outcome DomainPeople::outcome() const {
  const auto total = query_.positions.empty() ? std::max<std::int64_t>(prospects_total_.value_or(0), emails_total_)
                                              : prospects_total_.value_or(0);
  nlohmann::json output{{"status", people_.empty() ? "not_found" : "found"}, {"people", people_}, {"total", total}};
  if (company_.is_object()) output["company"] = company_;
  output["raw"] = raw_;
  return sdk::done(std::move(output), 0);
}

}  // namespace leadflow::snov
