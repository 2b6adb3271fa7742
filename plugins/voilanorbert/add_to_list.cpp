// add_to_list over VoilaNorbert's lists. VoilaNorbert lists hold its own contacts (the people it
// searched), so a person is attached in one of the two documented ways: POST /lists/{id} with the
// GET /contacts/ filter ids=<contact id> when the account already has the contact (found by its
// email through GET /contacts/?email=), or a name search with list_id when it does not. A list
// named but missing is created (POST /lists/). The manifest runs one add_to_list at a time per
// account (max_in_flight 1), so two rows never create the same list twice.
#include "add_to_list.hpp"

#include "responses.hpp"
#include "upload_job.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leadflow::voilanorbert {
namespace {

// A bound on the contact pages read while looking for one email.
constexpr int max_contact_pages = 20;

struct ListTarget {
  std::optional<std::int64_t> id;
  std::string name;  // when no id is given
};

struct Person {
  std::string email;
  std::string name;
  std::string domain;
  std::string company;
};

std::string trimmed_text(const nlohmann::json& input, const char* key) {
  if (!input.contains(key)) return "";
  const auto& value = input[key];
  const auto text = value.is_string() ? value.get<std::string>() : value.is_number() ? value.dump() : "";
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::variant<ListTarget, std::string> list_target(const nlohmann::json& input) {
  const auto id_text = trimmed_text(input, "list_id");
  if (!id_text.empty()) {
    if (id_text.find_first_not_of("0123456789") != std::string::npos || id_text.size() > 15)
      return "add_to_list: list_id must be a VoilaNorbert list id (a whole number), got '" + id_text + "'.";
    return ListTarget{std::stoll(id_text), ""};
  }
  auto name = trimmed_text(input, "list");
  if (name.empty()) return std::string("add_to_list needs a list (its name) or a list_id.");
  return ListTarget{std::nullopt, std::move(name)};
}

Person person_from(const nlohmann::json& input) {
  Person person{trimmed_text(input, "email"), trimmed_text(input, "full_name"), trimmed_text(input, "domain"),
                trimmed_text(input, "company")};
  if (person.name.empty()) {
    const auto first = trimmed_text(input, "first_name");
    const auto last = trimmed_text(input, "last_name");
    person.name = first.empty() || last.empty() ? first + last : first + " " + last;
  }
  return person;
}

sdk::HttpRequest lists_request(const Settings& settings) { return settings.request("GET", "/lists/", {}, "default", true); }

sdk::HttpRequest list_request(const Settings& settings, std::int64_t id) {
  return settings.request("GET", "/lists/" + std::to_string(id), {}, "default", true);
}

// Not idempotent: a resent creation would make a second list of the same name.
sdk::HttpRequest create_list_request(const Settings& settings, const std::string& name) {
  return settings.request("POST", "/lists/", {{"name", name}}, "default", false);
}

sdk::HttpRequest contacts_by_email_request(const Settings& settings, const std::string& email, int page) {
  return settings.request("GET", "/contacts/?email=" + sdk::encode_path_segment(email) + "&page=" + std::to_string(page), {},
                          "default", true);
}

// Attaching the same contact twice leaves it attached once: safe to resend.
sdk::HttpRequest attach_request(const Settings& settings, std::int64_t list_id, std::int64_t contact_id) {
  return settings.request("POST", "/lists/" + std::to_string(list_id), {{"ids", std::to_string(contact_id)}}, "default", true);
}

// A repeated search of the same contact is not charged again: safe to resend.
sdk::HttpRequest search_into_list_request(const Settings& settings, const Person& person, std::int64_t list_id) {
  std::vector<std::pair<std::string, std::string>> form{{"name", person.name}};
  if (!person.domain.empty()) form.emplace_back("domain", person.domain);
  else form.emplace_back("company", person.company);
  form.emplace_back("list_id", std::to_string(list_id));
  return settings.request("POST", "/search/name", form, "search_name", true, 1);
}

// {"contacts", "created", "id", "name"}: the documented list object.
std::optional<nlohmann::json> parse_list(const sdk::HttpResponse& response) {
  auto body = json_object(response);
  if (!body || !body->contains("id") || !(*body)["id"].is_number_integer()) return std::nullopt;
  return body;
}

std::string folded(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The list called `name` (case-insensitive) in {"result": [...]}; null when none is; nullopt
// when the body is not the documented listing.
std::optional<nlohmann::json> list_named(const sdk::HttpResponse& response, const std::string& name) {
  const auto body = json_object(response);
  if (!body || !body->contains("result") || !(*body)["result"].is_array()) return std::nullopt;
  for (const auto& list : (*body)["result"])
    if (list.is_object() && list.contains("id") && list["id"].is_number_integer() && list.contains("name") &&
        list["name"].is_string() && folded(list["name"].get<std::string>()) == folded(name))
      return list;
  return nlohmann::json(nullptr);
}

struct ContactPage {
  nlohmann::json match;  // the contact whose email is exactly the one looked for, or null
  bool has_next = false;
};

// GET /contacts/?email= matches partially ("@google.com"): keep only the exact address.
std::optional<ContactPage> contact_with_email(const sdk::HttpResponse& response, const std::string& email) {
  const auto body = json_object(response);
  if (!body || !body->contains("result") || !(*body)["result"].is_array()) return std::nullopt;
  ContactPage page{nullptr, body->value("has_next", false)};
  for (const auto& contact : (*body)["result"]) {
    if (!contact.is_object() || !contact.contains("id") || !contact["id"].is_number_integer()) return std::nullopt;
    const auto found = contact.value("email", nlohmann::json());
    if (found.is_object() && found.contains("email") && found["email"].is_string() &&
        email_key(found["email"].get<std::string>()) == email_key(email)) {
      page.match = contact;
      break;
    }
  }
  return page;
}

bool on_list(const nlohmann::json& contact, std::int64_t list_id) {
  const auto lists = contact.value("lists", nlohmann::json::array());
  for (const auto& list : lists)
    if ((list.is_number_integer() && list.get<std::int64_t>() == list_id) ||
        (list.is_object() && list.value("id", nlohmann::json()) == list_id))
      return true;
  return false;
}

sdk::Outcome listed(const char* status, std::int64_t list_id, const nlohmann::json& contact, const nlohmann::json& list,
                    double credits) {
  return sdk::done({{"status", status},
                    {"list_id", list_id},
                    {"prospect_id", contact["id"]},
                    {"raw", {{"list", list}, {"contact", contact}}}},
                   credits);
}

sdk::Outcome unknown_contact(const Person& person) {
  return sdk::fail(sdk::ErrorCode::invalid_input,
                   "VoilaNorbert has no contact with the email " + person.email +
                       ", and lists only hold its own contacts: give full_name (or first_name and last_name) and a "
                       "domain or company so that add_to_list can search the person into the list.");
}

std::optional<std::string> problem_with(const Person& person) {
  if (person.email.empty()) return "add_to_list needs the person's email.";
  return std::nullopt;
}

}  // namespace

sdk::Task add_to_list(sdk::Operation& op, const Settings& settings) {
  const auto target = list_target(op.input());
  if (std::holds_alternative<std::string>(target)) co_return sdk::fail(sdk::ErrorCode::invalid_input, std::get<std::string>(target));
  const Person person = person_from(op.input());
  if (auto problem = problem_with(person)) co_return sdk::fail(sdk::ErrorCode::invalid_input, *problem);

  // 1. The contact with this email, if the account has it.
  nlohmann::json contact;
  for (int page = 1; page <= max_contact_pages && contact.is_null(); ++page) {
    const auto response = co_await op.http(contacts_by_email_request(settings, person.email, page));
    if (auto failure = failure_for(response, Endpoint::contacts)) co_return *failure;
    auto found = contact_with_email(response, person.email);
    if (!found) co_return unreadable(response, Endpoint::contacts);
    contact = std::move(found->match);
    if (!found->has_next) break;
  }

  if (contact.is_null() && (person.name.empty() || (person.domain.empty() && person.company.empty())))
    co_return unknown_contact(person);

  // 2. The list: by id, or by name (created when missing).
  nlohmann::json list;
  const auto& wanted = std::get<ListTarget>(target);
  if (wanted.id) {
    const auto response = co_await op.http(list_request(settings, *wanted.id));
    if (auto failure = failure_for(response, Endpoint::list)) co_return *failure;
    auto found = parse_list(response);
    if (!found) co_return unreadable(response, Endpoint::list);
    list = std::move(*found);
  } else {
    const auto response = co_await op.http(lists_request(settings));
    if (auto failure = failure_for(response, Endpoint::lists)) co_return *failure;
    auto found = list_named(response, wanted.name);
    if (!found) co_return unreadable(response, Endpoint::lists);
    list = std::move(*found);
    if (list.is_null()) {
      const auto created = co_await op.http(create_list_request(settings, wanted.name));
      if (auto failure = failure_for(created, Endpoint::lists)) co_return *failure;
      auto made = parse_list(created);
      if (!made) co_return unreadable(created, Endpoint::lists);
      list = std::move(*made);
      op.log(sdk::LogLevel::info, "Created the VoilaNorbert list '" + wanted.name + "'.");
    }
  }
  const auto list_id = list["id"].get<std::int64_t>();

  // 3. Attach it, or search it into the list.
  if (!contact.is_null()) {
    if (on_list(contact, list_id)) co_return listed("updated", list_id, contact, list, 0);
    const auto attached = co_await op.http(attach_request(settings, list_id, contact["id"].get<std::int64_t>()));
    if (auto failure = failure_for(attached, Endpoint::list_items)) co_return *failure;
    auto updated = parse_list(attached);
    if (!updated) co_return unreadable(attached, Endpoint::list_items);
    co_return listed("added", list_id, contact, *updated, 0);
  }
  const auto searched = co_await op.http(search_into_list_request(settings, person, list_id));
  if (auto failure = failure_for(searched, Endpoint::search_name)) co_return *failure;
  const auto new_contact = parse_contact(searched);
  if (!new_contact) co_return unreadable(searched, Endpoint::search_name);
  // Charged when the answer already shows an email; a search still running is charged (by
  // VoilaNorbert) only once it finds one, which this operation does not wait for.
  const double credits = new_contact->raw["email"].is_object() ? 1 : 0;
  co_return listed("added", list_id, new_contact->raw, list, credits);
}

}  // namespace leadflow::voilanorbert
