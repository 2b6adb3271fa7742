// The one input every probe lookup takes: a non-empty "key".
#pragma once

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace leadflow::probe {

// The "key" of an input (or batch item) object; nullopt when absent, not a string, or empty.
std::optional<std::string> input_key(const nlohmann::json& input);

// FAIL invalid_input for an operation whose input has no key, sent before any request.
sdk::Outcome missing_key(std::string_view capability);

}  // namespace leadflow::probe
