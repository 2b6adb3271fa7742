// What one address costs at a quality level, in Verifalia credits: the documented Standard (1)
// and High (2) prices, and any other level's unitPrice from GET /email-validations/quality-levels.
#pragma once

#include <leadflow/plugin.hpp>

#include <optional>
#include <string>

namespace leadflow::verifalia {

// The price the docs give for `quality` (empty: the account's default, Standard); nullopt for a
// level whose price must be read from the quality-levels list.
std::optional<double> documented_unit_price(const std::string& quality);

// The unitPrice of `quality` in a quality-levels answer {"data": [{id, unitPrice, ...}]}.
std::optional<double> unit_price_in(const nlohmann::json& quality_levels, const std::string& quality);

}  // namespace leadflow::verifalia
