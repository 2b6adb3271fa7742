// One contact through the simulated Dropcontact: find the company (website, email domain, then
// name), the person (name, then email, then LinkedIn URL), and answer the documented fields.
#include "contact_enrichment.hpp"

#include <leadflow/sandbox/name_folding.hpp>

#include <algorithm>
#include <cctype>

namespace leadflow::dropcontact_sim {
namespace {

using sandbox::Company;
using sandbox::EmailVerdict;
using sandbox::FakeWorld;
using sandbox::Person;

std::string text_at(const nlohmann::json& record, const char* key) {
  if (!record.contains(key) || !record[key].is_string()) return "";
  const auto& text = record[key].get_ref<const std::string&>();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string domain_of_email(const std::string& email) {
  const auto at = email.rfind('@');
  return at == std::string::npos ? "" : email.substr(at + 1);
}

const Company* company_of(const FakeWorld& world, const nlohmann::json& submitted) {
  for (const auto& hint : {text_at(submitted, "website"), domain_of_email(text_at(submitted, "email"))})
    if (!hint.empty())
      if (const auto* company = world.company_by_domain(hint)) return company;
  const auto name = text_at(submitted, "company");
  return name.empty() ? nullptr : world.company_by_name(name);
}

// "First Last" from first_name + last_name, else full_name.
std::string name_of(const nlohmann::json& submitted) {
  const auto first = text_at(submitted, "first_name");
  const auto last = text_at(submitted, "last_name");
  if (!first.empty() && !last.empty()) return first + " " + last;
  return text_at(submitted, "full_name");
}

const Person* person_of(const FakeWorld& world, const nlohmann::json& submitted, const Company* company) {
  const auto name = name_of(submitted);
  if (company && !name.empty())
    if (const auto* person = world.find_person(name, company->domain)) return person;
  if (const auto email = text_at(submitted, "email"); !email.empty())
    if (const auto* person = world.person_by_email(email)) return person;
  if (const auto linkedin = lowercase(text_at(submitted, "linkedin")); !linkedin.empty())
    for (const auto& person : world.people())
      if (lowercase(person.linkedin_url) == linkedin) return &person;
  return nullptr;
}

std::string civility_of(const Person& person, const std::string& language) {
  if (language != "fr") return person.civility;
  return person.civility == "Mr" ? "M" : "Mme";
}

nlohmann::json email_entry(const FakeWorld& world, const std::string& email) {
  return {{"email", email}, {"qualification", qualification_of(world, email)}};
}

// Dropcontact finds a person's business address unless the world hides it, the domain does not
// resolve, or the mailbox was closed (it would qualify it invalid, so it does not offer it).
bool offers_address_of(const Person& person) {
  return person.findable && person.domain_kind != sandbox::DomainKind::nonexistent &&
         person.mailbox != sandbox::MailboxState::disabled;
}

// The documented example answers the address it found first, then the one it was given.
nlohmann::json emails_for(const FakeWorld& world, const Person* person, const std::string& supplied) {
  nlohmann::json emails = nlohmann::json::array();
  const bool offered = person && offers_address_of(*person);
  if (offered) emails.push_back(email_entry(world, person->email));
  if (!supplied.empty() && !(offered && lowercase(supplied) == person->email)) emails.push_back(email_entry(world, supplied));
  return emails;
}

void add_person(nlohmann::json& record, const Person& person, const BatchOptions& options) {
  record["civility"] = civility_of(person, options.language);
  record["first_name"] = person.first_name;
  record["last_name"] = person.last_name;
  record["full_name"] = person.full_name();
  record["linkedin"] = person.linkedin_url;
  if (!person.twitter.empty()) record["twitter"] = person.twitter;
  record["job"] = person.title;  // research: the current docs and n8n's schema return "job"
}

void add_company(nlohmann::json& record, const Company& company, const BatchOptions& options) {
  record["company"] = company.name;
  record["website"] = "www." + company.domain;  // the docs' examples write "www.company.com"
  record["phone"] = company.phone;              // "Find the phone number of the company"
  record["company_linkedin"] = company.linkedin_url;
  record["nb_employees"] = company.nb_employees;
  if (!options.siren) return;
  record["siren"] = company.siren;
  record["siret"] = company.siret;
  record["siret_address"] = company.siret_address;
  record["vat"] = company.vat;
  record["naf5_code"] = company.naf5_code;
  record["naf5_des"] = company.naf5_des;
}

}  // namespace

std::string qualification_of(const FakeWorld& world, std::string_view email) {
  using Kind = EmailVerdict::Kind;
  const auto verdict = world.verdict_of(email);
  const std::string domain = verdict.free || verdict.disposable ? "perso" : "pro";
  switch (verdict.kind) {
    case Kind::syntax_error:
    case Kind::domain_nonexistent: return "invalid@invalid";
    case Kind::catch_all: return "non_confirm@" + domain;  // disposable services accept anything too
    case Kind::no_such_user:
    case Kind::mailbox_disabled: return "invalid@" + domain;
    case Kind::mailbox_full:  // the mailbox exists; Dropcontact has no word for a full one
    case Kind::deliverable: return (verdict.role ? "generic@" : "nominative@") + domain;
  }
  return "invalid@invalid";
}

EnrichedContact enrich(const FakeWorld& world, const nlohmann::json& submitted, const BatchOptions& options) {
  nlohmann::json record = nlohmann::json::object();
  for (const char* echoed : {"first_name", "last_name", "full_name", "company", "website", "phone", "linkedin"})
    if (const auto value = text_at(submitted, echoed); !value.empty()) record[echoed] = value;
  const auto supplied = text_at(submitted, "email");
  const auto* company = company_of(world, submitted);
  const auto* person = person_of(world, submitted, company);
  if (person && !company) company = world.company_by_domain(person->domain);
  if (company && company->kind != sandbox::DomainKind::nonexistent) add_company(record, *company, options);
  if (person) add_person(record, *person, options);
  record["email"] = emails_for(world, person, supplied);
  if (submitted.contains("custom_fields")) record["custom_fields"] = submitted["custom_fields"];
  const bool email_found = !record["email"].empty();
  return EnrichedContact{std::move(record), !supplied.empty(), email_found};
}

}  // namespace leadflow::dropcontact_sim
