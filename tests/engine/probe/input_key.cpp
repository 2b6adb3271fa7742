// Reading the key of a probe input.
#include "input_key.hpp"

namespace leadflow::probe {

std::optional<std::string> input_key(const nlohmann::json& input) {
  if (!input.is_object() || !input.contains("key") || !input["key"].is_string()) return std::nullopt;
  auto key = input["key"].get<std::string>();
  if (key.empty()) return std::nullopt;
  return key;
}

sdk::Outcome missing_key(std::string_view capability) {
  return sdk::fail(sdk::ErrorCode::invalid_input, std::string(capability) + " needs a non-empty 'key' to look up.");
}

}  // namespace leadflow::probe
