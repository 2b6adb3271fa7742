// The sandbox's webhook subscriptions; see webhooks.hpp.
#include "webhooks.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace leadflow::snov_sim {
namespace {

// The seed docs' table of objects and actions.
const std::map<std::string, std::set<std::string>>& supported_events() {
  static const std::map<std::string, std::set<std::string>> events{
      {"campaign_email", {"sent", "first_sent", "opened"}}, {"campaign_reply", {"received", "first_received"}}};
  return events;
}

std::pair<int, nlohmann::json> problem(int status, const std::string& message) {
  return {status, {{"success", false}, {"message", message}}};
}

}  // namespace

nlohmann::json Webhooks::hook_json(const Hook& hook) {
  return {{"id", hook.id}, {"end_point", hook.end_point}, {"event_object", hook.event_object},
          {"event_action", hook.event_action}, {"created_at", hook.created_at}, {"status", hook.status}};
}

nlohmann::json Webhooks::list() const {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& hook : hooks_) data.push_back({{"data", hook_json(hook)}});
  return {{"data", data}, {"meta", {{"webhooks_count", hooks_.size()}, {"user_id", snov_user_id}}}};
}

std::pair<int, nlohmann::json> Webhooks::add(const nlohmann::json& request, std::int64_t now_s) {
  const auto object = request.value("event_object", "");
  const auto action = request.value("event_action", "");
  const auto url = request.value("endpoint_url", "");
  const auto supported = supported_events().find(object);
  if (supported == supported_events().end() || !supported->second.contains(action))
    return problem(422, "Unsupported event_object/event_action '" + object + "." + action + "'");
  if (!url.starts_with("https://") && !url.starts_with("http://")) return problem(422, "endpoint_url must be an http(s) URL");
  if (hooks_.size() >= max_webhooks) return problem(422, "You can create up to 50 webhooks");
  hooks_.push_back({next_id_++, url, object, action, "active", now_s});
  return {200, {{"data", hook_json(hooks_.back())}, {"meta", {{"user_id", snov_user_id}}}}};
}

std::pair<int, nlohmann::json> Webhooks::change_status(std::int64_t id, const nlohmann::json& request) {
  const auto status = request.value("status", "");
  if (status != "active" && status != "deactivated") return problem(422, "status must be active or deactivated");
  const auto found = std::find_if(hooks_.begin(), hooks_.end(), [&](const Hook& h) { return h.id == id; });
  if (found == hooks_.end()) return problem(404, "Webhook not found");
  found->status = status;
  return {200, {{"data", hook_json(*found)}, {"meta", {{"user_id", snov_user_id}}}}};
}

std::pair<int, nlohmann::json> Webhooks::remove(std::int64_t id) {
  const auto found = std::find_if(hooks_.begin(), hooks_.end(), [&](const Hook& h) { return h.id == id; });
  if (found == hooks_.end()) return problem(404, "Webhook not found");
  hooks_.erase(found);
  return {200, {{"data", {{"success", true}}}}};
}

}  // namespace leadflow::snov_sim
