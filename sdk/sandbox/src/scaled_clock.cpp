// Virtual time arithmetic; see scaled_clock.hpp.
#include <leadflow/sandbox/scaled_clock.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace leadflow::sandbox {

ScaledClock::ScaledClock(double scale, std::int64_t anchor_ms, RealNow real_now)
    : scale_(scale), anchor_ms_(anchor_ms), real_now_(std::move(real_now)) {
  if (!(scale > 0) || !std::isfinite(scale))
    throw std::invalid_argument("The time scale must be a positive number (1 = real time), got " + std::to_string(scale) + ".");
}

std::int64_t ScaledClock::virtual_now_ms() const {
  const auto real_elapsed = static_cast<double>(real_now_() - anchor_ms_);
  return anchor_ms_ + static_cast<std::int64_t>(std::floor(real_elapsed * scale_));
}

std::chrono::microseconds ScaledClock::real_duration(std::int64_t virtual_ms) const {
  if (virtual_ms <= 0) return std::chrono::microseconds(0);
  return std::chrono::microseconds(static_cast<std::int64_t>(std::ceil(static_cast<double>(virtual_ms) * 1000.0 / scale_)));
}

std::int64_t ScaledClock::real_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace leadflow::sandbox
