// Prices of quality levels; see unit_price.hpp.
#include "unit_price.hpp"

namespace leadflow::verifalia {

std::optional<double> documented_unit_price(const std::string& quality) {
  if (quality.empty() || quality == "Standard") return 1.0;
  if (quality == "High") return 2.0;
  return std::nullopt;
}

std::optional<double> unit_price_in(const nlohmann::json& quality_levels, const std::string& quality) {
  if (!quality_levels.is_object() || !quality_levels.contains("data") || !quality_levels["data"].is_array()) return std::nullopt;
  for (const auto& level : quality_levels["data"])
    if (level.is_object() && level.value("id", "") == quality && level.contains("unitPrice") && level["unitPrice"].is_number())
      return level["unitPrice"].get<double>();
  return std::nullopt;
}

}  // namespace leadflow::verifalia
