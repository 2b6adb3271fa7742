// The sandbox account's lists and prospects; see prospect_book.hpp.
#include "prospect_book.hpp"

#include "snov_dates.hpp"
#include "stable_hash.hpp"

#include <algorithm>

namespace leadflow::snov_sim {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The user's custom fields, as the docs' example lists them.
const std::vector<std::string>& custom_field_labels() {
  static const std::vector<std::string> labels{"company", "Project name", "SEO"};
  return labels;
}

}  // namespace

ProspectBook::ProspectBook(std::uint64_t seed, std::int64_t created_ms, Campaigns& campaigns)
    : seed_(seed), created_ms_(created_ms), campaigns_(campaigns) {
  seed_lists();
}

void ProspectBook::seed_lists() {
  const auto month_ago = created_ms_ - 30LL * 86'400'000;
  lists_ = {{1818597, "Sandbox outreach list", month_ago, std::nullopt, {}},
            {1818598, "Newsletter", month_ago, std::nullopt, {}},
            {7654321, "Test campaign list", month_ago, std::nullopt, {}},
            {1505383, "All prospects", month_ago, month_ago + 86'400'000, {}}};
}

void ProspectBook::clear() {
  prospects_.clear();
  do_not_email_.clear();
  next_list_id_ = 1900001;
  seed_lists();
}

ProspectBook::ProspectList* ProspectBook::list_by_id(std::int64_t id) {
  const auto found = std::find_if(lists_.begin(), lists_.end(), [&](const ProspectList& l) { return l.id == id; });
  return found == lists_.end() ? nullptr : &*found;
}

const ProspectBook::ProspectList* ProspectBook::list_by_id(std::int64_t id) const {
  return const_cast<ProspectBook*>(this)->list_by_id(id);
}

nlohmann::json ProspectBook::user_lists() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& list : lists_)
    out.push_back({{"id", list.id},
                   {"name", list.name},
                   {"contacts", list.prospect_ids.size()},
                   {"isDeleted", list.deleted_ms.has_value()},
                   {"creationDate", date_object(list.created_ms)},
                   {"deletionDate", list.deleted_ms ? date_object(*list.deleted_ms) : nlohmann::json()}});
  return out;
}

nlohmann::json ProspectBook::create_list(const std::string& name, std::int64_t now_ms) {
  if (name.empty()) return nlohmann::json::array({{{"success", false}, {"message", "The name parameter is required"}}});
  lists_.push_back({next_list_id_++, name, now_ms, std::nullopt, {}});
  return nlohmann::json::array({{{"success", true}, {"data", {{"id", lists_.back().id}}}}});
}

bool ProspectBook::suppressed(const std::string& email) const {
  const auto lowered = lowercase(email);
  const auto at = lowered.find('@');
  const auto domain = at == std::string::npos ? lowered : lowered.substr(at + 1);
  for (const auto& [id, items] : do_not_email_)
    if (items.contains(lowered) || items.contains(domain)) return true;
  return false;
}

nlohmann::json ProspectBook::add_prospect(const RequestParams& params, std::int64_t now_ms) {
  const auto email = lowercase(params.text("email"));
  if (email.empty() || email.find('@') == std::string::npos)
    return {{"success", false}, {"errors", {{"email", "A valid email is required"}}}};
  auto* list = list_by_id(std::atoll(params.text("listId").c_str()));
  if (!list || list->deleted_ms) return {{"success", false}, {"errors", {{"listId", "List not found"}}}};
  const auto custom = params.keyed("customFields");
  for (const auto& [label, value] : custom)
    if (std::find(custom_field_labels().begin(), custom_field_labels().end(), label) == custom_field_labels().end())
      return {{"success", false}, {"errors", {{"customFields", "The custom field '" + label + "' does not exist: create it in Snov.io first"}}}};

  const auto id = hex_id("prospect-record:" + email, seed_, 22) + "==";
  const bool existed = prospects_.contains(id);
  auto& prospect = prospects_[id];
  const bool update = !existed || params.flag("updateContact").value_or(false);
  if (!existed) prospect = Prospect{id, email};
  if (update) {
    for (const char* field : {"fullName", "firstName", "lastName", "country", "locality", "position", "companyName", "companySite"})
      if (params.has(field)) prospect.fields[field] = params.text(field);
    if (auto phones = params.list("phones"); !phones.empty()) prospect.fields["phones"] = phones;
    for (const auto& [label, value] : custom) prospect.fields["customFields"][label] = value;
    for (const auto& [network, link] : params.keyed("socialLinks")) prospect.fields["socialLinks"][network] = link;
  }
  const bool added = std::find(prospect.lists.begin(), prospect.lists.end(), list->id) == prospect.lists.end();
  if (added) {
    prospect.lists.push_back(list->id);
    list->prospect_ids.push_back(id);
    if (const auto* campaign = campaigns_.sending_to(list->id); campaign && !suppressed(email))
      campaigns_.enroll(*campaign, {id, email, prospect.fields.value("firstName", ""), prospect.fields.value("lastName", "")}, now_ms);
  }
  return {{"success", true}, {"id", id}, {"added", added}, {"updated", existed && update}};
}

nlohmann::json ProspectBook::prospect_json(const Prospect& prospect, std::int64_t now_ms) const {
  nlohmann::json lists = nlohmann::json::array();
  for (const auto list_id : prospect.lists)
    if (const auto* list = list_by_id(list_id)) lists.push_back({{"id", list->id}, {"name", list->name}});
  nlohmann::json social = nlohmann::json::array();
  if (prospect.fields.contains("socialLinks"))
    for (const auto& [network, link] : prospect.fields["socialLinks"].items()) social.push_back({{"link", link}, {"type", network}});
  const auto name = prospect.fields.value("fullName", prospect.fields.value("firstName", "") + " " + prospect.fields.value("lastName", ""));
  nlohmann::json job{{"companyName", prospect.fields.value("companyName", "")}, {"position", prospect.fields.value("position", "")},
                     {"site", prospect.fields.value("companySite", "")}};
  return {{"id", prospect.id},
          {"name", name},
          {"firstName", prospect.fields.value("firstName", "")},
          {"lastName", prospect.fields.value("lastName", "")},
          {"industry", nullptr},
          {"country", prospect.fields.value("country", "")},
          {"locality", prospect.fields.value("locality", "")},
          {"social", social},
          {"lastUpdateDate", date_object(now_ms)},
          {"currentJob", nlohmann::json::array({job})},
          {"previousJob", nlohmann::json::array()},
          {"customFields", prospect.fields.value("customFields", nlohmann::json::object())},
          {"emails", nlohmann::json::array({{{"email", prospect.email}}})},
          {"lists", lists},
          {"campaigns", campaigns_.of_prospect(prospect.id, now_ms)}};
}

nlohmann::json ProspectBook::prospect_by_id(const std::string& id, std::int64_t now_ms) const {
  const auto found = prospects_.find(id);
  if (found == prospects_.end()) return {{"success", false}, {"message", "Prospect not found"}};
  return {{"success", true}, {"data", prospect_json(found->second, now_ms)}};
}

nlohmann::json ProspectBook::prospects_by_email(const std::string& email, std::int64_t now_ms) const {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& [id, prospect] : prospects_)
    if (prospect.email == lowercase(email)) data.push_back(prospect_json(prospect, now_ms));
  return {{"success", true}, {"data", data}};
}

nlohmann::json ProspectBook::list_prospects(std::int64_t list_id, std::int64_t page, std::int64_t per_page) const {
  const auto* list = list_by_id(list_id);
  if (!list) return {{"success", false}, {"message", "List not found"}};
  page = std::max<std::int64_t>(page, 1);
  per_page = std::clamp<std::int64_t>(per_page, 1, 100);
  nlohmann::json prospects = nlohmann::json::array();
  // "The prospect results are displayed in reverse order from last to first."
  const auto count = static_cast<std::int64_t>(list->prospect_ids.size());
  for (std::int64_t i = count - 1 - (page - 1) * per_page; i >= 0 && i > count - 1 - page * per_page; --i) {
    const auto& prospect = prospects_.at(list->prospect_ids[i]);
    prospects.push_back({{"id", prospect.id},
                         {"name", prospect.fields.value("fullName", prospect.fields.value("firstName", "") + " " + prospect.fields.value("lastName", ""))},
                         {"firstName", prospect.fields.value("firstName", "")},
                         {"lastName", prospect.fields.value("lastName", "")},
                         {"emails", nlohmann::json::array({{{"email", prospect.email}, {"probability", 99}, {"isVerified", nullptr},
                                                            {"jobStatus", "any"}, {"domainType", "linkedin_email"},
                                                            {"isValidFormat", nullptr}, {"isDisposable", nullptr}, {"isWebmail", nullptr},
                                                            {"isGibberish", nullptr}, {"smtpStatus", nullptr}}})}});
  }
  return {{"success", true},
          {"list", {{"name", list->name}, {"contacts", list->prospect_ids.size()}, {"creationDate", date_object(list->created_ms)},
                    {"emailsCount", nlohmann::json::array()}}},
          {"prospects", prospects}};
}

nlohmann::json ProspectBook::custom_fields() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& label : custom_field_labels())
    out.push_back({{"key", "customFields['" + label + "']"}, {"label", label}, {"required", false}, {"type", "string"}});
  return out;
}

nlohmann::json ProspectBook::do_not_email(std::int64_t list_id, const std::vector<std::string>& items) {
  if (list_id <= 0) return nlohmann::json::array({{{"success", false}, {"message", "The listId parameter is required"}}});
  if (items.empty()) return nlohmann::json::array({{{"success", false}, {"message", "Send at least one email or domain in items"}}});
  auto& list = do_not_email_[list_id];
  nlohmann::json duplicates = nlohmann::json::array();
  for (const auto& item : items)
    if (!list.insert(lowercase(item)).second) duplicates.push_back(item);
  return nlohmann::json::array({{{"success", true}, {"data", {{"duplicates", duplicates}}}}});
}

}  // namespace leadflow::snov_sim
