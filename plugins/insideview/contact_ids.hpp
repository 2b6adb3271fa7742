// The contact ids of a batch as the host sends it ({"items": [{"id": ...}, ...]}): each item's
// id, checked (InsideView contact ids are digits), and the distinct ids to ask InsideView for,
// in order. Results are matched back to items by id, never by position.
#pragma once

#include <leadflow/plugin.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::insideview {

struct ContactIdBatch {
  std::vector<std::optional<std::string>> item_ids;  // per item; nullopt: no usable id
  std::vector<std::string> distinct_ids;
};

// nullopt when the input is not {"items": [...]} with 1 to `max_items` entries.
std::optional<ContactIdBatch> contact_id_batch(const nlohmann::json& input, std::size_t max_items);

// The id of one record ({"id": "13496440"} or a number); nullopt when absent or not digits.
std::optional<std::string> contact_id_of_input(const nlohmann::json& record);

// FAIL invalid_input naming the expected payload.
sdk::Outcome not_a_batch(const std::string& capability, std::size_t max_items);

// DONE {"items": [...]}: per item, its contact's output (from `outputs_by_id`, or not_found when
// InsideView said nothing about it) or an invalid_input error for an item without an id.
sdk::Outcome batch_outcome(const ContactIdBatch& batch, const std::map<std::string, nlohmann::json>& outputs_by_id,
                           double credits_spent);

}  // namespace leadflow::insideview
