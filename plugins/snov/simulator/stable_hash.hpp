// Deterministic ids and durations for the Snov.io simulator: the same seed and the same input
// always give the same task hash, prospect id or job length, on every platform.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadflow::snov_sim {

// FNV-1a over `text`, mixed with `seed`.
inline std::uint64_t stable_hash(std::string_view text, std::uint64_t seed = 0) {
  std::uint64_t hash = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

// `digits` lower-case hex digits drawn from `text` (Snov's task hashes are 32, its prospect
// hashes much longer).
inline std::string hex_id(std::string_view text, std::uint64_t seed, std::size_t digits) {
  static constexpr char alphabet[] = "0123456789abcdef";
  std::string out;
  std::uint64_t round = 0;
  while (out.size() < digits) {
    auto hash = stable_hash(std::string(text) + "#" + std::to_string(round++), seed);
    for (int i = 0; i < 16 && out.size() < digits; ++i, hash >>= 4) out += alphabet[hash & 0xF];
  }
  return out;
}

// A duration between `low_ms` and `high_ms` picked by `key`, or exactly `fixed_ms` when the
// simulator was started with --job-ms.
inline std::int64_t job_duration_ms(std::string_view key, std::uint64_t seed, std::int64_t low_ms, std::int64_t high_ms,
                                    const std::optional<std::int64_t>& fixed_ms) {
  if (fixed_ms) return *fixed_ms;
  return low_ms + static_cast<std::int64_t>(stable_hash(key, seed) % static_cast<std::uint64_t>(high_ms - low_ms + 1));
}

}  // namespace leadflow::snov_sim
