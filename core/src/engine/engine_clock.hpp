// The host's notion of time. In a real run it is the OS clock; in the sandbox it runs `scale`
// times faster from an anchor shared with the simulators, so a provider's per-minute limit or a
// 40-second search plays out in a fraction of a second and both sides agree on epochs
// (X-RateLimit-Reset).
#pragma once

#include <chrono>
#include <cstdint>

namespace leadflow::engine {

// THREAD: immutable after construction; safe from any thread.
class EngineClock {
 public:
  explicit EngineClock(double scale = 1.0, std::int64_t anchor_unix_ms = real_unix_ms())
      : scale_(scale > 0 ? scale : 1.0), anchor_unix_ms_(anchor_unix_ms), anchor_steady_(std::chrono::steady_clock::now()) {}

  double scale() const { return scale_; }
  std::int64_t anchor_unix_ms() const { return anchor_unix_ms_; }

  // Provider time: epoch milliseconds as the provider (or its simulator) sees them.
  std::int64_t now_unix_ms() const { return anchor_unix_ms_ + scaled_elapsed_ms(); }
  // Monotonic provider time in milliseconds since the clock was made.
  std::int64_t monotonic_ms() const { return scaled_elapsed_ms(); }

  // How long to really wait for `provider_ms` of provider time to pass.
  std::chrono::microseconds real_duration(std::int64_t provider_ms) const {
    if (provider_ms <= 0) return std::chrono::microseconds(0);
    return std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(provider_ms) * 1000.0 / scale_ + 0.5));
  }

  static std::int64_t real_unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

 private:
  std::int64_t scaled_elapsed_ms() const {
    auto real = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - anchor_steady_);
    return static_cast<std::int64_t>(static_cast<double>(real.count()) * scale_);
  }

  double scale_;
  std::int64_t anchor_unix_ms_;
  std::chrono::steady_clock::time_point anchor_steady_;
};

}  // namespace leadflow::engine
