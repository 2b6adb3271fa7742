// Virtual time for simulators: it runs `scale` times faster than real time from an anchor epoch,
// with the same formula the host uses (same --time-scale and --epoch-anchor-ms), so both sides
// agree on epochs such as X-RateLimit-Reset:
//   virtual_now_ms = anchor_ms + (real_now_ms - anchor_ms) * scale
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace leadflow::sandbox {

// THREAD: immutable after construction; safe from any thread.
class ScaledClock {
 public:
  using RealNow = std::function<std::int64_t()>;  // real Unix epoch milliseconds

  // Throws std::invalid_argument when `scale` is not positive.
  explicit ScaledClock(double scale = 1.0, std::int64_t anchor_ms = real_unix_ms(), RealNow real_now = real_unix_ms);

  std::int64_t virtual_now_ms() const;
  std::int64_t virtual_now_s() const { return virtual_now_ms() / 1000; }
  // How long to really wait for `virtual_ms` of virtual time to pass (0 for negative input).
  std::chrono::microseconds real_duration(std::int64_t virtual_ms) const;

  double scale() const { return scale_; }
  std::int64_t anchor_ms() const { return anchor_ms_; }

  static std::int64_t real_unix_ms();

 private:
  double scale_;
  std::int64_t anchor_ms_;
  RealNow real_now_;
};

}  // namespace leadflow::sandbox
