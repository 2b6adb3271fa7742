// GET /contacts/ filters; see contact_query.hpp. Partial matches ignore case and accents, as the
// docs' examples suggest ("larry", "@google.com", "goog").
#include "contact_query.hpp"

#include <leadflow/sandbox/name_folding.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <sstream>

namespace leadflow::voilanorbert_sim {
namespace {

nlohmann::json field_error(const std::string& field, const std::string& message) {
  return {{field, nlohmann::json::array({message})}};
}

std::optional<std::vector<std::int64_t>> id_list(const std::string& text) {
  std::vector<std::int64_t> ids;
  std::istringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    part.erase(0, part.find_first_not_of(" []"));
    part.erase(part.find_last_not_of(" []") + 1);
    if (part.empty()) continue;
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (ec != std::errc() || end != part.data() + part.size()) return std::nullopt;
    ids.push_back(id);
  }
  return ids;
}

// "2016-04-01 10:00" or "2016-04-01" (UTC) as Unix milliseconds.
std::optional<std::int64_t> parse_date(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  const int read = std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d", &year, &month, &day, &hour, &minute);
  if (read != 3 && read != 5) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

bool contains_folded(const std::string& haystack, const std::string& folded_needle) {
  return sandbox::fold_name(haystack).find(folded_needle) != std::string::npos;
}

std::string email_of(const Contact& contact, std::int64_t now_ms) {
  return contact.email_found(now_ms) ? contact.person->email : "";
}

}  // namespace

std::variant<ContactQuery, nlohmann::json> ContactQuery::parse(const std::map<std::string, std::string>& parameters) {
  ContactQuery query;
  auto text = [&](const char* key) {
    auto it = parameters.find(key);
    return it == parameters.end() ? std::string() : it->second;
  };
  if (auto ids = id_list(text("ids"))) query.ids_ = *ids;
  else return field_error("ids", "Enter a whole number, or several separated by commas.");
  if (auto lists = id_list(text("lists"))) query.lists_ = *lists;
  else return field_error("lists", "Enter a list id, or several separated by commas.");
  query.query_ = sandbox::fold_name(text("query"));
  query.name_ = sandbox::fold_name(text("name"));
  query.email_ = sandbox::fold_name(text("email"));
  query.company_ = sandbox::fold_name(text("company"));

  const auto status = text("status");
  if (!status.empty() && status != "LEAD" && status != "CONTACTED" && status != "WON" && status != "LOST")
    return field_error("status", "Select a valid choice: LEAD, CONTACTED, WON or LOST.");
  if (!status.empty() && status != "LEAD") query.ids_ = {-1};  // every sandbox contact is a LEAD
  const auto found = text("found");
  if (!found.empty()) query.found_ = found == "true" || found == "1" || found == "True";

  auto created = text("created");
  for (const char* op : {">=", "<=", ">", "<"})
    if (created.starts_with(op)) {
      query.created_operator_ = op;
      created.erase(0, query.created_operator_.size());
      break;
    }
  if (!created.empty()) {
    query.created_ms_ = parse_date(created);
    if (!query.created_ms_) return field_error("created", "Enter a date like 2016-04-01 10:00, optionally after >, <, >= or <=.");
  }

  auto order = text("order_by");
  if (order.starts_with('-')) {
    query.descending_ = true;
    order.erase(0, 1);
  }
  if (!order.empty()) {
    if (order != "created" && order != "name" && order != "id" && order != "email")
      return field_error("order_by", "Order by created, name, id or email, with - in front to reverse.");
    query.order_by_ = order;
  }
  return query;
}

bool ContactQuery::matches(const Contact& contact, std::int64_t now_ms) const {
  const auto email = email_of(contact, now_ms);
  if (!ids_.empty() && std::find(ids_.begin(), ids_.end(), contact.id) == ids_.end()) return false;
  if (!name_.empty() && !contains_folded(contact.name, name_)) return false;
  if (!email_.empty() && !contains_folded(email, email_)) return false;
  if (!company_.empty() && !contains_folded(contact.company->name, company_)) return false;
  if (!query_.empty() && !contains_folded(contact.name, query_) && !contains_folded(email, query_) &&
      !contains_folded(contact.company->domain, query_) && !contains_folded(contact.company->name, query_))
    return false;
  if (found_ && *found_ != contact.email_found(now_ms)) return false;
  if (!lists_.empty() && std::none_of(lists_.begin(), lists_.end(), [&](auto id) { return contact.lists.contains(id); }))
    return false;
  if (created_ms_) {
    const auto at = contact.created_ms;
    const auto day_end = *created_ms_ + 86'400'000;
    if (created_operator_ == ">" && !(at > *created_ms_)) return false;
    if (created_operator_ == ">=" && !(at >= *created_ms_)) return false;
    if (created_operator_ == "<" && !(at < *created_ms_)) return false;
    if (created_operator_ == "<=" && !(at <= *created_ms_)) return false;
    if (created_operator_.empty() && !(at >= *created_ms_ && at < day_end)) return false;
  }
  return true;
}

std::vector<Contact> ContactQuery::select(const std::vector<Contact>& contacts, std::int64_t now_ms) const {
  std::vector<Contact> selected;
  for (const auto& contact : contacts)
    if (matches(contact, now_ms)) selected.push_back(contact);
  auto key_less = [&](const Contact& a, const Contact& b) {
    if (order_by_ == "name") return sandbox::fold_name(a.name) < sandbox::fold_name(b.name);
    if (order_by_ == "email") return email_of(a, now_ms) < email_of(b, now_ms);
    if (order_by_ == "id") return a.id < b.id;
    return a.created_ms < b.created_ms;
  };
  std::stable_sort(selected.begin(), selected.end(), [&](const Contact& a, const Contact& b) {
    return descending_ ? key_less(b, a) : key_less(a, b);
  });
  return selected;
}

}  // namespace leadflow::voilanorbert_sim
