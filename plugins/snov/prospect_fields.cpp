// Building add-prospect-to-list and reading the list and campaign answers; see prospect_fields.hpp.
#include "prospect_fields.hpp"

#include "input_fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace leadflow::snov {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// custom_fields as an object, or as JSON text (a CSV column); nullopt when it is neither.
std::optional<nlohmann::json> custom_fields_of(const nlohmann::json& input) {
  if (!input.contains("custom_fields") || input["custom_fields"].is_null()) return nlohmann::json::object();
  auto value = input["custom_fields"];
  if (value.is_string()) {
    if (input_text(input, "custom_fields").empty()) return nlohmann::json::object();
    value = nlohmann::json::parse(value.get<std::string>(), nullptr, false);
  }
  if (!value.is_object()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::int64_t> id_number(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

std::optional<sdk::Outcome> prospect_input_problem(const nlohmann::json& input) {
  if (input_text(input, "email").find('@') == std::string::npos)
    return sdk::fail(sdk::ErrorCode::invalid_input, "Snov.io needs the prospect's email to add it to a list.");
  if (!custom_fields_of(input))
    return sdk::fail(sdk::ErrorCode::invalid_input, "custom_fields must be an object (or its JSON text) of custom field name -> value.");
  return std::nullopt;
}

ApiCall add_prospect_call(const Settings& settings, const nlohmann::json& input, std::int64_t list_id) {
  FormFields fields{{"email", input_text(input, "email")}, {"listId", std::to_string(list_id)}};
  auto add = [&](const char* field, const std::string& value) {
    if (!value.empty()) fields.emplace_back(field, value);
  };
  const auto first = input_text(input, "first_name"), last = input_text(input, "last_name");
  auto full = input_text(input, "full_name");
  if (full.empty() && !first.empty() && !last.empty()) full = first + " " + last;
  add("fullName", full);
  add("firstName", first);
  add("lastName", last);
  add("position", input_text(input, "position"));
  add("companyName", input_text(input, "company"));
  const auto domain = input_domain(input);
  add("companySite", domain.empty() ? "" : "https://" + domain);  // "Please, use the format" http(s)://...
  add("country", input_text(input, "country"));
  add("locality", input_text(input, "locality"));
  add("phones[0]", input_text(input, "phone"));
  add("socialLinks[linkedIn]", input_text(input, "linkedin_url"));
  add("socialLinks[twitter]", input_text(input, "twitter"));
  const auto custom = custom_fields_of(input).value_or(nlohmann::json::object());
  for (const auto& [name, value] : custom.items())
    fields.emplace_back("customFields[" + name + "]", value.is_string() ? value.get<std::string>() : value.dump());
  const auto update = lowercase(input_text(input, "update"));
  const bool update_contact = update.empty() ? settings.update_contacts : (update == "true" || update == "1" || update == "yes");
  fields.emplace_back("updateContact", update_contact ? "true" : "false");
  auto call = form_post(settings.url("/v1/add-prospect-to-list"), fields, "add-prospect-to-list");
  call.idempotent = true;  // free, and a second add of the same email to the same list changes nothing
  return call;
}

ApiCall user_lists_call(const Settings& settings) { return get_call(settings.url("/v1/get-user-lists"), {}, "get-user-lists"); }

ApiCall create_list_call(const Settings& settings, const std::string& name) {
  auto call = form_post(settings.url("/v1/lists"), {{"name", name}}, "the list creation (POST /v1/lists)");
  call.idempotent = false;  // a resend would create a second list of the same name
  return call;
}

ApiCall user_campaigns_call(const Settings& settings) { return get_call(settings.url("/v1/get-user-campaigns"), {}, "get-user-campaigns"); }

std::optional<std::int64_t> list_named(const nlohmann::json& lists, const std::string& name) {
  if (!lists.is_array()) return std::nullopt;
  for (const auto& list : lists)
    if (list.is_object() && !list.value("isDeleted", false) && list.contains("name") && list["name"].is_string() &&
        lowercase(list["name"].get<std::string>()) == lowercase(name))
      return id_number(list.value("id", nlohmann::json()));
  return std::nullopt;
}

std::optional<std::int64_t> created_list_id(const nlohmann::json& body) {
  const auto& first = body.is_array() && !body.empty() ? body[0] : body;
  if (!first.is_object() || !first.value("success", false) || !first.contains("/data/id"_json_pointer)) return std::nullopt;
  return id_number(first["/data/id"_json_pointer]);
}

std::optional<nlohmann::json> campaign_matching(const nlohmann::json& campaigns, const std::string& id_or_name) {
  if (!campaigns.is_array()) return std::nullopt;
  const auto wanted_id = id_number(nlohmann::json(id_or_name));
  for (const auto& campaign : campaigns)
    if (campaign.is_object() && wanted_id && id_number(campaign.value("id", nlohmann::json())) == wanted_id) return campaign;
  for (const auto& campaign : campaigns)
    if (campaign.is_object() && campaign.contains("campaign") && campaign["campaign"].is_string() &&
        lowercase(campaign["campaign"].get<std::string>()) == lowercase(id_or_name))
      return campaign;
  return std::nullopt;
}

sdk::Outcome added_output(const nlohmann::json& body, std::int64_t list_id, const nlohmann::json& campaign) {
  const bool added = body.value("added", false);
  nlohmann::json out{{"status", added ? "added" : "updated"},
                     {"list_id", list_id},
                     {"prospect_id", body.value("id", nlohmann::json())},
                     {"added", added},
                     {"updated", body.value("updated", false)}};
  if (campaign.is_object()) {
    out["campaign_id"] = campaign.value("id", nlohmann::json());
    out["campaign_status"] = campaign.value("status", nlohmann::json());
  }
  out["raw"] = body;
  return sdk::done(std::move(out), 0);
}

}  // namespace leadflow::snov
