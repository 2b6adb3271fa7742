// Fixed-window counting per (account, class, window); see rate_limit.hpp.
#include <leadflow/sandbox/rate_limit.hpp>

#include <algorithm>
#include <optional>

namespace leadflow::sandbox {

void RateDecision::add_headers(Response& response) const {
  response.set_header("X-RateLimit-Limit", std::to_string(limit));
  response.set_header("X-RateLimit-Remaining", std::to_string(remaining));
  response.set_header("X-RateLimit-Reset", std::to_string(reset_epoch_s));
}

void RateLimit::define(const std::string& rate_class, std::vector<RateWindow> windows) {
  std::lock_guard lock(mutex_);
  classes_[rate_class] = std::move(windows);
}

RateDecision RateLimit::check(const std::string& account, const std::string& rate_class) {
  std::lock_guard lock(mutex_);
  const auto defined = classes_.find(rate_class);
  if (defined == classes_.end() || defined->second.empty()) return RateDecision{};
  const auto& windows = defined->second;
  const auto now = clock_.virtual_now_ms();

  // Bring every window's usage to the current window.
  std::vector<Usage*> usages;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    auto& usage = usage_[{account, rate_class, i}];
    const auto start = now - (now % windows[i].length_ms);
    if (usage.window_start_ms != start) usage = Usage{start, 0};
    usages.push_back(&usage);
  }
  auto reset_ms_of = [&](std::size_t i) { return usages[i]->window_start_ms + windows[i].length_ms; };

  // A full window refuses; when several are full, the one that resets last tells the truth.
  std::optional<std::size_t> refusing;
  for (std::size_t i = 0; i < windows.size(); ++i)
    if (usages[i]->used >= windows[i].limit && (!refusing || reset_ms_of(i) > reset_ms_of(*refusing))) refusing = i;

  auto describe = [&](std::size_t i, bool allowed) {
    const auto reset_ms = reset_ms_of(i);
    RateDecision decision;
    decision.allowed = allowed;
    decision.limit = windows[i].limit;
    decision.remaining = std::max<std::int64_t>(0, windows[i].limit - usages[i]->used);
    decision.reset_epoch_s = (reset_ms + 999) / 1000;
    decision.window_ms = windows[i].length_ms;
    decision.retry_after_s = allowed ? 0 : std::max<std::int64_t>(1, (reset_ms - now + 999) / 1000);
    return decision;
  };

  if (refusing) return describe(*refusing, false);
  std::size_t tightest = 0;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    ++usages[i]->used;
    if (windows[i].limit - usages[i]->used < windows[tightest].limit - usages[tightest]->used) tightest = i;
  }
  return describe(tightest, true);
}

void RateLimit::reset() {
  std::lock_guard lock(mutex_);
  usage_.clear();
}

}  // namespace leadflow::sandbox
