// Verification and enrichment results from the fake world; see result_rows.hpp.
#include "result_rows.hpp"

namespace leadflow::voilanorbert_sim {
namespace {

using Kind = sandbox::EmailVerdict::Kind;

enum class Verdict { deliverable, risky, bounce };

struct VerifierAnswer {
  Verdict verdict;
  std::string error_msg;
};

VerifierAnswer answer_for(const sandbox::EmailVerdict& verdict) {
  if (verdict.disposable) return {Verdict::risky, "Disposable email address"};
  switch (verdict.kind) {
    case Kind::deliverable: return {Verdict::deliverable, ""};
    case Kind::mailbox_full: return {Verdict::risky, "Mailbox full"};
    case Kind::catch_all: return {Verdict::risky, "Catch-all domain: the server accepts every address"};
    case Kind::mailbox_disabled: return {Verdict::bounce, "Mailbox disabled"};
    case Kind::no_such_user: return {Verdict::bounce, "Mailbox does not exist"};
    case Kind::domain_nonexistent: return {Verdict::bounce, "Domain does not exist"};
    case Kind::syntax_error: return {Verdict::bounce, "Invalid email syntax"};
  }
  return {Verdict::bounce, "Invalid email syntax"};
}

std::string cell(const nlohmann::json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

const std::vector<std::string>& verification_columns() {
  static const std::vector<std::string> columns{"email", "is_deliverable", "is_risky", "is_bounce", "error_msg"};
  return columns;
}

const std::vector<std::string>& enrichment_columns() {
  static const std::vector<std::string> columns{"email", "fullName", "title", "organization", "location",
                                                "twitter", "linkedin", "facebook", "error_msg"};
  return columns;
}

nlohmann::json verification_row(const sandbox::FakeWorld& world, std::string_view email) {
  const auto answer = answer_for(world.verdict_of(email));
  return {{"email", email},
          {"is_deliverable", answer.verdict == Verdict::deliverable},
          {"is_risky", answer.verdict == Verdict::risky},
          {"is_bounce", answer.verdict == Verdict::bounce},
          {"error_msg", answer.error_msg}};
}

nlohmann::json enrichment_row(const sandbox::FakeWorld& world, std::string_view email) {
  const auto* person = world.person_by_email(email);
  if (!person)
    return {{"email", email}, {"fullName", ""}, {"title", ""}, {"organization", ""}, {"location", ""},
            {"twitter", ""}, {"linkedin", ""}, {"facebook", ""}, {"error_msg", "No information found for this email"}};
  const auto* company = world.company_by_domain(person->domain);
  return {{"email", email},
          {"fullName", person->full_name()},
          {"title", person->title},
          {"organization", person->company},
          {"location", company ? company->siret_address : ""},
          {"twitter", person->twitter},
          {"linkedin", person->linkedin_url},
          {"facebook", ""},
          {"error_msg", ""}};
}

std::string csv_of(const std::vector<std::string>& columns, const std::vector<nlohmann::json>& rows) {
  std::string csv;
  for (std::size_t i = 0; i < columns.size(); ++i) csv += (i ? "," : "") + columns[i];
  csv += "\r\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) csv += (i ? "," : "") + cell(row.value(columns[i], nlohmann::json()));
    csv += "\r\n";
  }
  return csv;
}

}  // namespace leadflow::voilanorbert_sim
