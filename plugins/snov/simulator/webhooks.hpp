// Snov.io's webhook subscriptions (v2, JSON): list, add, change status, delete; at most 50 per
// account, and only the documented objects and actions. The sandbox never calls the endpoints.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::snov_sim {

inline constexpr std::int64_t snov_user_id = 1313777;
inline constexpr std::size_t max_webhooks = 50;

// THREAD: not thread-safe; the simulator serialises its routes.
class Webhooks {
 public:
  nlohmann::json list() const;
  // {status, body}: 200 with the webhook, or 400/422 with the reason.
  std::pair<int, nlohmann::json> add(const nlohmann::json& request, std::int64_t now_s);
  std::pair<int, nlohmann::json> change_status(std::int64_t id, const nlohmann::json& request);
  std::pair<int, nlohmann::json> remove(std::int64_t id);
  void clear() { hooks_.clear(), next_id_ = 1; }

 private:
  struct Hook {
    std::int64_t id;
    std::string end_point, event_object, event_action, status;
    std::int64_t created_at;
  };
  static nlohmann::json hook_json(const Hook& hook);
  std::vector<Hook> hooks_;
  std::int64_t next_id_ = 1;
};

}  // namespace leadflow::snov_sim
