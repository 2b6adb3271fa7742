// Formats run ids with gmtime_r so the id does not depend on the machine's time zone.
#include "store/run_id.hpp"

#include <ctime>
#include <random>

#include <fmt/format.h>

namespace leadflow::store {

std::string format_run_id(std::chrono::system_clock::time_point started, std::uint32_t random) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(started);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}-{:02}{:02}{:02}-{:04x}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, random & 0xffffu);
}

std::string new_run_id(std::chrono::system_clock::time_point started) {
  std::random_device entropy;
  return format_run_id(started, entropy());
}

}  // namespace leadflow::store
