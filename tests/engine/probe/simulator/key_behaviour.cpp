// Decoding the behaviour a key names; see key_behaviour.hpp.
#include "key_behaviour.hpp"

#include <charconv>

namespace leadflow::probe_sim {
namespace {

// The N of "<prefix>N-...", or nullopt when the key does not have that shape.
std::optional<std::int64_t> number_after(std::string_view key, std::string_view prefix) {
  if (!key.starts_with(prefix)) return std::nullopt;
  const auto rest = key.substr(prefix.size());
  const auto dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, n);
  if (ec != std::errc() || end != rest.data() + dash || n < 0) return std::nullopt;
  return n;
}

}  // namespace

KeyBehaviour behaviour_of(std::string_view key) {
  KeyBehaviour behaviour;
  if (key.starts_with("nf-")) behaviour.found = false;
  if (key.starts_with("bad-")) behaviour.rejected = true;
  if (key.starts_with("slow-")) behaviour.slow_job = true;
  if (auto n = number_after(key, "e5xx-")) behaviour.failing_requests = *n;
  if (auto s = number_after(key, "e429-")) behaviour.retry_after_s = *s;
  return behaviour;
}

std::string value_of(std::string_view key) { return "v:" + std::string(key); }

}  // namespace leadflow::probe_sim
