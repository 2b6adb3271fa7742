// The host's batch payload ({"items": [...]}) turned into Dropcontact records: one record per
// usable item, each carrying our reference in custom_fields (which Dropcontact echoes back), so
// results are matched to rows by reference, never by position.
#pragma once

#include <leadflow/plugin.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::dropcontact {

// The three capabilities served by the batch endpoint.
enum class Capability { enrich_person, find_email, verify_email };
std::string_view name_of(Capability capability);

inline constexpr std::size_t max_batch_items = 250;  // "up to 250 contacts with a single request"
// The key under custom_fields that carries our reference.
inline constexpr const char* ref_field = "leadflow_ref";

struct BatchItem {
  std::optional<nlohmann::json> record;  // what is sent, custom_fields included; nullopt when unusable
  std::string ref;                       // our reference, also inside record.custom_fields
  std::string problem;                   // why the item is not sent (record is nullopt)
  bool email_supplied = false;           // the record carries an email: charged even if nothing is found
};

// The items in the host's order; nullopt when `input` is not {"items": [1..250 objects]}.
// A reference is a hash of the record's content plus its occurrence among identical records, so
// the same batch rebuilt after a crash gets the same references whatever its order.
std::optional<std::vector<BatchItem>> items_from(const nlohmann::json& input, Capability capability);

std::size_t records_to_send(const std::vector<BatchItem>& items);

}  // namespace leadflow::dropcontact
