// The add-prospect-to-list form from an add_to_list / add_to_campaign input (docs/vocabulary.md
// fields, plus custom_fields, social links, country, locality and update), and the answers of
// get-user-lists, POST /v1/lists and get-user-campaigns.
#pragma once

#include "api_call.hpp"
#include "settings.hpp"

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>

namespace leadflow::snov {

// FAIL invalid_input when the input has no usable email or a custom_fields that is not an object.
std::optional<sdk::Outcome> prospect_input_problem(const nlohmann::json& input);
ApiCall add_prospect_call(const Settings& settings, const nlohmann::json& input, std::int64_t list_id);
ApiCall user_lists_call(const Settings& settings);
ApiCall create_list_call(const Settings& settings, const std::string& name);
ApiCall user_campaigns_call(const Settings& settings);

// The id of the live (not deleted) list called `name`, ignoring case.
std::optional<std::int64_t> list_named(const nlohmann::json& lists, const std::string& name);
// The id POST /v1/lists answered ([{"success": true, "data": {"id": ...}}]).
std::optional<std::int64_t> created_list_id(const nlohmann::json& body);
// The campaign with this id, or else this name (ignoring case).
std::optional<nlohmann::json> campaign_matching(const nlohmann::json& campaigns, const std::string& id_or_name);
// A whole number from a JSON number or numeric text.
std::optional<std::int64_t> id_number(const nlohmann::json& value);

// DONE for add-prospect-to-list's {"success": true, "id", "added", "updated"}.
sdk::Outcome added_output(const nlohmann::json& body, std::int64_t list_id, const nlohmann::json& campaign);

}  // namespace leadflow::snov
