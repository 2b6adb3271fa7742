// Fixed-window counting per (account, class, window) and statistics per class; see rate_limit.hpp.
#include <leadflow/sandbox/rate_limit.hpp>

#include <algorithm>
#include <optional>

namespace leadflow::sandbox {

void RateDecision::add_headers(Response& response) const {
  if (!limited) return;
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
  const auto now = clock_.virtual_now_ms();
  const auto decision = decide(account, rate_class, now);
  record(rate_class, decision.allowed, now);
  return decision;
}

// Called with mutex_ held.
RateDecision RateLimit::decide(const std::string& account, const std::string& rate_class, std::int64_t now) {
  const auto defined = classes_.find(rate_class);
  if (defined == classes_.end() || defined->second.empty()) return RateDecision{};
  const auto& windows = defined->second;

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
    decision.limited = refuse_over_limit_;
    decision.limit = windows[i].limit;
    decision.remaining = std::max<std::int64_t>(0, windows[i].limit - usages[i]->used);
    decision.reset_epoch_s = (reset_ms + 999) / 1000;
    decision.window_ms = windows[i].length_ms;
    decision.retry_after_s = allowed ? 0 : std::max<std::int64_t>(1, (reset_ms - now + 999) / 1000);
    return decision;
  };

  if (refusing && refuse_over_limit_) return describe(*refusing, false);
  std::size_t tightest = 0;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    ++usages[i]->used;
    if (windows[i].limit - usages[i]->used < windows[tightest].limit - usages[tightest]->used) tightest = i;
  }
  return describe(tightest, true);
}

// Called with mutex_ held.
void RateLimit::record(const std::string& rate_class, bool allowed, std::int64_t now_ms) {
  auto& stats = stats_[rate_class];
  if (!allowed) {
    ++stats.refused;
    return;
  }
  ++stats.allowed;
  if (!stats.first_ms) stats.first_ms = now_ms;
  stats.last_ms = now_ms;
}

nlohmann::json RateLimit::stats() const {
  std::lock_guard lock(mutex_);
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& [rate_class, windows] : classes_) classes[rate_class] = to_json(ClassStats{});
  for (const auto& [rate_class, stats] : stats_) classes[rate_class] = to_json(stats);
  return classes;
}

nlohmann::json RateLimit::to_json(const ClassStats& stats) {
  auto optional_ms = [](const std::optional<std::int64_t>& ms) { return ms ? nlohmann::json(*ms) : nlohmann::json(nullptr); };
  return {{"allowed", stats.allowed}, {"refused", stats.refused}, {"first_ms", optional_ms(stats.first_ms)}, {"last_ms", optional_ms(stats.last_ms)}};
}

void RateLimit::reset() {
  std::lock_guard lock(mutex_);
  usage_.clear();
  stats_.clear();
}

}  // namespace leadflow::sandbox
