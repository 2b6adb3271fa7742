// Reading counts, amounts and durations; see quantity.hpp.
#include "workflow/quantity.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string_view>

namespace leadflow::workflow {
namespace {

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

struct Unit {
  std::string_view suffix;
  double ms;
};

// Longest suffix first, so "ms" is not read as "m" + "s".
constexpr Unit units[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};

}  // namespace

std::optional<std::int64_t> read_count(const YamlNode& value, std::int64_t min, std::vector<Diagnostic>& errors) {
  std::int64_t count = 0;
  const auto& text = value.text;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec == std::errc() && end == text.data() + text.size() && count >= min) return count;
  errors.push_back({value.where, fmt::format("'{}' must be a whole number of at least {}, not '{}'", value.path, min, text),
                    fmt::format("e.g. `{}`", std::max<std::int64_t>(min, 1) * 10)});
  return std::nullopt;
}

std::optional<double> read_positive_number(const YamlNode& value, std::vector<Diagnostic>& errors) {
  if (auto number = parse_number(value.text); number && *number > 0) return number;
  errors.push_back({value.where, fmt::format("'{}' must be a number greater than 0, not '{}'", value.path, value.text), "e.g. `100` or `2.5`"});
  return std::nullopt;
}

std::optional<std::int64_t> read_duration_ms(const YamlNode& value, std::vector<Diagnostic>& errors) {
  std::string_view text = value.text;
  double scale = 1000;  // a bare number means seconds
  for (const auto& unit : units)
    if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
      text.remove_suffix(unit.suffix.size());
      scale = unit.ms;
      break;
    }
  if (auto number = parse_number(text); number && *number >= 0) return static_cast<std::int64_t>(std::llround(*number * scale));
  errors.push_back({value.where, fmt::format("'{}' must be a duration such as 500ms, 30s, 5m, 2h or 30d, not '{}'", value.path, value.text),
                    "a bare number means seconds"});
  return std::nullopt;
}

}  // namespace leadflow::workflow
