// How far a pausable provider job (a verification, an enrichment, a bulk search) has got in
// virtual time: it runs for `duration_ms` of unpaused time after `started_ms`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

namespace leadflow::voilanorbert_sim {

struct JobTimeline {
  std::int64_t started_ms = 0;
  std::int64_t duration_ms = 0;
  std::optional<std::int64_t> paused_at;
  std::int64_t paused_total_ms = 0;

  std::int64_t elapsed(std::int64_t now_ms) const {
    return std::max<std::int64_t>(0, paused_at.value_or(now_ms) - started_ms - paused_total_ms);
  }
  bool finished(std::int64_t now_ms) const { return elapsed(now_ms) >= duration_ms; }
  bool paused() const { return paused_at.has_value(); }
  // Of `total` entries, how many are done.
  std::int64_t treated(std::int64_t now_ms, std::int64_t total) const {
    if (duration_ms <= 0 || finished(now_ms)) return total;
    return total * elapsed(now_ms) / duration_ms;
  }
  // The virtual time it finished (or will finish when nothing pauses it again).
  std::int64_t end_ms() const { return started_ms + paused_total_ms + duration_ms; }
  // A finished job cannot be paused: pausing it changes nothing.
  void pause(std::int64_t now_ms) {
    if (!paused_at && !finished(now_ms)) paused_at = now_ms;
  }
  void resume(std::int64_t now_ms) {
    if (!paused_at) return;
    paused_total_ms += now_ms - *paused_at;
    paused_at.reset();
  }
};

}  // namespace leadflow::voilanorbert_sim
