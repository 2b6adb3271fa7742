// Builds Dropcontact records from our vocabulary's inputs; see batch_items.hpp. Field names are
// Dropcontact's: linkedin (our linkedin_url), website (our website, or our domain).
#include "batch_items.hpp"

#include <cstdint>
#include <cstdio>
#include <map>

namespace leadflow::dropcontact {
namespace {

std::string trimmed_text(const nlohmann::json& input, const char* key) {
  if (!input.is_object() || !input.contains(key) || !input[key].is_string()) return "";
  const auto& text = input[key].get_ref<const std::string&>();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

void copy_text(nlohmann::json& record, const nlohmann::json& input, const char* from, const char* to) {
  if (const auto value = trimmed_text(input, from); !value.empty()) record[to] = value;
}

// The person's name, as Dropcontact takes it: first and last names, and the full name.
void add_names(nlohmann::json& record, const nlohmann::json& input) {
  copy_text(record, input, "first_name", "first_name");
  copy_text(record, input, "last_name", "last_name");
  copy_text(record, input, "full_name", "full_name");
}

// The company: its name and its website (our website, else our domain).
void add_company(nlohmann::json& record, const nlohmann::json& input) {
  copy_text(record, input, "company", "company");
  copy_text(record, input, "domain", "website");
  copy_text(record, input, "website", "website");
}

bool has_name(const nlohmann::json& record) {
  return record.contains("full_name") || (record.contains("first_name") && record.contains("last_name"));
}

bool has_company(const nlohmann::json& record) {
  for (const char* key : {"company", "website", "num_siren", "siret"})
    if (record.contains(key)) return true;
  return false;
}

// The record for one item, or the reason it cannot be sent.
struct Built {
  nlohmann::json record = nlohmann::json::object();
  std::string problem;
};

Built enrich_record(const nlohmann::json& input) {
  Built built;
  auto& record = built.record;
  copy_text(record, input, "email", "email");
  add_names(record, input);
  add_company(record, input);
  copy_text(record, input, "linkedin_url", "linkedin");
  copy_text(record, input, "phone", "phone");
  copy_text(record, input, "country", "country");
  copy_text(record, input, "num_siren", "num_siren");
  copy_text(record, input, "siret", "siret");
  // Dropcontact needs a company identifier, an email, or a LinkedIn URL (research, DC-DEV).
  if (!record.contains("email") && !record.contains("linkedin") && !has_company(record))
    built.problem = "enrich_person needs an email, a linkedin_url, or a company (company, domain, website, num_siren or "
                    "siret) to ask Dropcontact.";
  return built;
}

Built find_record(const nlohmann::json& input) {
  Built built;
  add_names(built.record, input);
  add_company(built.record, input);
  if (!has_name(built.record))
    built.problem = "find_email needs full_name, or first_name and last_name, to ask Dropcontact.";
  else if (!has_company(built.record))
    built.problem = "find_email needs a domain, a website or a company to ask Dropcontact.";
  return built;
}

Built verify_record(const nlohmann::json& input) {
  Built built;
  copy_text(built.record, input, "email", "email");
  add_names(built.record, input);
  copy_text(built.record, input, "company", "company");
  copy_text(built.record, input, "website", "website");
  if (!built.record.contains("email")) built.problem = "verify_email needs an email to ask Dropcontact.";
  return built;
}

Built record_for(const nlohmann::json& input, Capability capability) {
  switch (capability) {
    case Capability::enrich_person: return enrich_record(input);
    case Capability::find_email: return find_record(input);
    case Capability::verify_email: return verify_record(input);
  }
  return {};
}

// FNV-1a of the record's JSON text: the same on every platform and in every run.
std::string content_hash(const nlohmann::json& record) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : record.dump()) hash = (hash ^ c) * 1099511628211ull;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace

std::string_view name_of(Capability capability) {
  switch (capability) {
    case Capability::enrich_person: return "enrich_person";
    case Capability::find_email: return "find_email";
    case Capability::verify_email: return "verify_email";
  }
  return "";
}

std::optional<std::vector<BatchItem>> items_from(const nlohmann::json& input, Capability capability) {
  if (!input.is_object() || !input.contains("items") || !input["items"].is_array()) return std::nullopt;
  const auto& items = input["items"];
  if (items.empty() || items.size() > max_batch_items) return std::nullopt;
  std::vector<BatchItem> batch;
  std::map<std::string, int> occurrences;
  for (const auto& item : items) {
    auto built = record_for(item, capability);
    if (!built.problem.empty()) {
      batch.push_back(BatchItem{std::nullopt, "", std::move(built.problem), false});
      continue;
    }
    const auto hash = content_hash(built.record);
    const auto ref = hash + "-" + std::to_string(occurrences[hash]++);
    const bool email_supplied = built.record.contains("email");
    built.record["custom_fields"] = {{ref_field, ref}};
    batch.push_back(BatchItem{std::move(built.record), ref, "", email_supplied});
  }
  return batch;
}

std::size_t records_to_send(const std::vector<BatchItem>& items) {
  std::size_t count = 0;
  for (const auto& item : items)
    if (item.record) ++count;
  return count;
}

}  // namespace leadflow::dropcontact
