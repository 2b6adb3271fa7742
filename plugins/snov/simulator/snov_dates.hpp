// How Snov.io writes times: "2020-04-07 08:25:44" text, PHP DateTime objects
// {"date": "2020-04-07 08:25:44.000000", "timezone_type": 3, "timezone": "UTC"}, and Unix seconds.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ctime>
#include <string>

namespace leadflow::snov_sim {

inline std::string date_time_text(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

inline nlohmann::json date_object(std::int64_t unix_ms) {
  return {{"date", date_time_text(unix_ms) + ".000000"}, {"timezone_type", 3}, {"timezone", "UTC"}};
}

}  // namespace leadflow::snov_sim
