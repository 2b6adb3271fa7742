// Rendering world people as InsideView contacts; see contact_record.hpp.
#include "contact_record.hpp"

#include <charconv>
#include <optional>

namespace leadflow::insideview_sim {
namespace {

using sandbox::EmailVerdict;

std::optional<std::uint64_t> numeric_id(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

int confidence_score(std::string_view validation) {
  if (validation == "ValidEmail") return 95;
  if (validation == "ValidDomain") return 70;
  return 20;
}

// A free-text cell with a comma, quotes and a line break, as descriptions often have.
std::string description_of(const sandbox::Person& person) {
  return person.title + ", \"" + person.company + "\"\nReach at " + person.phone;
}

// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::vector<std::string> csv_cells(const sandbox::FakeWorld& world, const sandbox::Person& person) {
  const auto validation = std::string(email_validation_status(world, person));
  return {std::to_string(person.id),
          std::to_string(company_id_of(world, person)),
          person.company,
          person.first_name,
          person.last_name,
          person.full_name(),
          person.civility,
          person.title,
          person.email,
          validation,
          std::to_string(confidence_score(validation)),
          person.phone,
          person.linkedin_url,
          person.twitter,
          description_of(person),
          "true"};
}

void append_row(std::string& csv, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csv_field(cells[i]);
  csv += "\r\n";
}

}  // namespace

std::string_view email_validation_status(const sandbox::FakeWorld& world, const sandbox::Person& person) {
  switch (world.verdict_of(person.email).kind) {
    case EmailVerdict::Kind::deliverable:
    case EmailVerdict::Kind::mailbox_full: return "ValidEmail";
    case EmailVerdict::Kind::catch_all: return "ValidDomain";
    default: return "InvalidEmail";
  }
}

std::int64_t company_id_of(const sandbox::FakeWorld& world, const sandbox::Person& person) {
  const auto* company = world.company_by_domain(person.domain);
  const auto index = company ? company - world.companies().data() : 0;
  return 5'000'001 + static_cast<std::int64_t>(index) * 3;
}

nlohmann::ordered_json contact_json(const sandbox::FakeWorld& world, const sandbox::Person& person) {
  const auto validation = std::string(email_validation_status(world, person));
  nlohmann::ordered_json contact{{"contactId", std::to_string(person.id)},
                                 {"companyId", std::to_string(company_id_of(world, person))},
                                 {"companyName", person.company},
                                 {"firstName", person.first_name},
                                 {"lastName", person.last_name},
                                 {"fullName", person.full_name()},
                                 {"salutation", person.civility},
                                 {"titles", nlohmann::ordered_json::array({person.title})},
                                 {"email", person.email},
                                 {"emailValidationStatus", validation},
                                 {"confidenceScore", confidence_score(validation)},
                                 {"phone", person.phone},
                                 {"linkedinHandle", person.linkedin_url},
                                 {"description", description_of(person)},
                                 {"active", true}};
  if (!person.twitter.empty()) contact["twitterHandle"] = person.twitter;
  return contact;
}

std::vector<std::string> csv_columns() {
  return {"contactId", "companyId",   "companyName", "firstName",      "lastName",    "fullName",
          "salutation", "titles",     "email",       "emailValidationStatus", "confidenceScore", "phone",
          "linkedinHandle", "twitterHandle", "description", "active"};
}

std::string results_csv(const sandbox::FakeWorld& world, const std::vector<std::string>& ids) {
  std::string csv;
  const auto columns = csv_columns();
  append_row(csv, columns);
  for (const auto& id : ids) {
    const auto number = numeric_id(id);
    const auto* person = number ? world.person_by_id(*number) : nullptr;
    if (person) {
      append_row(csv, csv_cells(world, *person));
    } else {
      std::vector<std::string> unknown(columns.size());
      unknown[0] = id;
      append_row(csv, unknown);
    }
  }
  return csv;
}

}  // namespace leadflow::insideview_sim
