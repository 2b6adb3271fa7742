// Reading batches of contact ids and answering them item by item; see contact_ids.hpp.
#include "contact_ids.hpp"

#include "contact_output.hpp"

#include <set>

namespace leadflow::insideview {

std::optional<std::string> contact_id_of_input(const nlohmann::json& record) {
  if (!record.is_object() || !record.contains("id")) return std::nullopt;
  const auto& id = record["id"];
  std::string text = id.is_string() ? id.get<std::string>() : id.is_number_unsigned() ? std::to_string(id.get<std::uint64_t>()) : "";
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return text;
}

std::optional<ContactIdBatch> contact_id_batch(const nlohmann::json& input, std::size_t max_items) {
  if (!input.is_object() || !input.contains("items") || !input["items"].is_array()) return std::nullopt;
  const auto& items = input["items"];
  if (items.empty() || items.size() > max_items) return std::nullopt;
  ContactIdBatch batch;
  std::set<std::string> seen;
  for (const auto& item : items) {
    auto id = contact_id_of_input(item);
    if (id && seen.insert(*id).second) batch.distinct_ids.push_back(*id);
    batch.item_ids.push_back(std::move(id));
  }
  return batch;
}

sdk::Outcome not_a_batch(const std::string& capability, std::size_t max_items) {
  return sdk::fail(sdk::ErrorCode::invalid_input,
                   capability + " expects the batch payload {\"items\": [{\"id\": ...}, ...]} with 1 to " +
                       std::to_string(max_items) + " items (its max_batch); the host sent something else.");
}

sdk::Outcome batch_outcome(const ContactIdBatch& batch, const std::map<std::string, nlohmann::json>& outputs_by_id,
                           double credits_spent) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.item_ids.size(); ++i) {
    const auto& id = batch.item_ids[i];
    if (!id) {
      items.push_back({{"error",
                        {{"code", "invalid_input"},
                         {"message", "item " + std::to_string(i) + " has no InsideView contact id: 'id' must be the contact's numeric id."}}}});
      continue;
    }
    const auto found = outputs_by_id.find(*id);
    items.push_back(found != outputs_by_id.end() ? found->second : missing_contact_output(*id));
  }
  return sdk::done({{"items", std::move(items)}}, credits_spent);
}

}  // namespace leadflow::insideview
