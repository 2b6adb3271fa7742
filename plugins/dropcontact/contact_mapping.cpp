// Result records to outputs; see contact_mapping.hpp and the README's field table. Fields the
// provider does not know are left out, never written as empty strings.
#include "contact_mapping.hpp"

#include "qualification.hpp"

#include <cctype>
#include <optional>

namespace leadflow::dropcontact {
namespace {

// A text field of the result, numbers written as text; nullopt when absent or empty.
std::optional<std::string> text_at(const nlohmann::json& result, const char* key) {
  if (!result.is_object() || !result.contains(key)) return std::nullopt;
  const auto& value = result[key];
  std::string text = value.is_string() ? value.get<std::string>() : value.is_number() ? value.dump() : "";
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return text;
}

void copy_text(nlohmann::json& output, const nlohmann::json& result, const char* from, const char* to) {
  if (auto text = text_at(result, from)) output[to] = std::move(*text);
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "https://www.Example.com/about" -> "example.com".
std::string domain_of(std::string website) {
  website = lowercase(std::move(website));
  if (const auto scheme = website.find("://"); scheme != std::string::npos) website.erase(0, scheme + 3);
  if (website.starts_with("www.")) website.erase(0, 4);
  if (const auto end = website.find_first_of("/?#:"); end != std::string::npos) website.erase(end);
  return website;
}

struct Email {
  std::string address;
  std::string qualification;
};

// The "email" list: [{email, qualification}], entries without an address skipped.
std::vector<Email> emails_of(const nlohmann::json& result) {
  std::vector<Email> emails;
  if (!result.is_object() || !result.contains("email") || !result["email"].is_array()) return emails;
  for (const auto& entry : result["email"]) {
    if (!entry.is_object() || !entry.contains("email") || !entry["email"].is_string()) continue;
    const auto qualification = entry.value("qualification", nlohmann::json());
    emails.push_back({entry["email"].get<std::string>(), qualification.is_string() ? qualification.get<std::string>() : ""});
  }
  return emails;
}

// The address to report as the person's: the first nominative one, else the first not invalid.
std::optional<Email> best_email(const std::vector<Email>& emails) {
  for (const auto& email : emails) {
    const auto qualification = parse_qualification(email.qualification);
    if (qualification && qualification->local == "nominative" && qualification->domain != "invalid") return email;
  }
  for (const auto& email : emails)
    if (verification_of(email.address, email.qualification).status != "undeliverable") return email;
  return std::nullopt;
}

nlohmann::json enrich_output(const nlohmann::json& result) {
  nlohmann::json output = {{"status", "not_found"}};
  copy_text(output, result, "civility", "civility");
  copy_text(output, result, "first_name", "first_name");
  copy_text(output, result, "last_name", "last_name");
  copy_text(output, result, "full_name", "full_name");
  copy_text(output, result, "job", "title");
  const auto emails = emails_of(result);
  if (const auto best = best_email(emails)) {
    output["email"] = best->address;
    output["email_status"] = verification_of(best->address, best->qualification).status;
    output["email_qualification"] = best->qualification;
  }
  if (!emails.empty()) {
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& email : emails)
      listed.push_back({{"email", email.address},
                        {"qualification", email.qualification},
                        {"status", verification_of(email.address, email.qualification).status}});
    output["emails"] = std::move(listed);
  }
  copy_text(output, result, "phone", "phone");
  copy_text(output, result, "mobile_phone", "mobile_phone");
  copy_text(output, result, "linkedin", "linkedin_url");
  copy_text(output, result, "facebook", "facebook");
  copy_text(output, result, "twitter", "twitter");
  copy_text(output, result, "company", "company");
  copy_text(output, result, "website", "website");
  if (auto website = text_at(result, "website")) output["domain"] = domain_of(*website);
  copy_text(output, result, "company_linkedin", "company_linkedin_url");
  copy_text(output, result, "country", "country");
  for (const char* field : {"nb_employees", "siren", "siret", "siret_address", "vat", "naf5_code", "naf5_des"})
    copy_text(output, result, field, field);
  // Found: Dropcontact gave a usable email or recognised the person (civility, LinkedIn profile);
  // a given address merely qualified as undeliverable is not a find.
  if (output.contains("email") || output.contains("civility") || output.contains("linkedin_url")) output["status"] = "found";
  output["raw"] = result;
  return output;
}

nlohmann::json find_output(const nlohmann::json& result) {
  nlohmann::json output = {{"status", "not_found"}};
  std::optional<Email> found;
  for (const auto& email : emails_of(result))
    if (names_the_person(email.qualification) &&
        (!found || confidence_of(email.qualification) > confidence_of(found->qualification)))
      found = email;
  if (found) {
    output["status"] = "found";
    output["email"] = found->address;
    output["confidence"] = confidence_of(found->qualification);
    output["email_status"] = verification_of(found->address, found->qualification).status;
    output["qualification"] = found->qualification;
  }
  output["raw"] = result;
  return output;
}

nlohmann::json verify_output(const nlohmann::json& result, const nlohmann::json& sent) {
  const auto asked = sent.value("email", std::string());
  std::optional<Email> answer;
  for (const auto& email : emails_of(result))
    if (lowercase(email.address) == lowercase(asked)) answer = email;
  // Dropcontact left the address out of its answer: it said nothing about it.
  const auto verification = verification_of(asked, answer ? answer->qualification : "");
  nlohmann::json output = {{"status", verification.status},
                           {"reason", verification.reason},
                           {"catch_all", verification.catch_all},
                           {"disposable", false},
                           {"role", verification.role},
                           {"free", verification.free},
                           {"syntax_ok", verification.syntax_ok}};
  if (answer) output["provider_status"] = answer->qualification;
  output["raw"] = result;
  return output;
}

}  // namespace

nlohmann::json output_for(Capability capability, const nlohmann::json& result, const nlohmann::json& sent) {
  switch (capability) {
    case Capability::enrich_person: return enrich_output(result);
    case Capability::find_email: return find_output(result);
    case Capability::verify_email: return verify_output(result, sent);
  }
  return nlohmann::json::object();
}

bool has_email(const nlohmann::json& result) { return !emails_of(result).empty(); }

}  // namespace leadflow::dropcontact
