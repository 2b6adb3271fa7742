// The C++ face of a plugin's instances and operations: the engine speaks Event and Action and
// never touches the C structs. Everything an Action holds is copied out of plugin memory.
#pragma once

#include "plugin/host_services.hpp"
#include "plugin/plugin_loader.hpp"

#include <leadflow/plugin.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadflow::plugin {

enum class EventKind {
  start = LF_EVENT_START,
  http_response = LF_EVENT_HTTP_RESPONSE,
  http_error = LF_EVENT_HTTP_ERROR,
  timer = LF_EVENT_TIMER,
  checkpointed = LF_EVENT_CHECKPOINTED,
  cancel = LF_EVENT_CANCEL
};

struct Event {
  EventKind kind = EventKind::start;
  int http_status = 0;                                       // http_response
  std::vector<std::pair<std::string, std::string>> headers;  // http_response; names lower-case
  std::string body;                                          // http_response
  int transport_error = 0;                                   // http_error: LF_TRANSPORT_*
  std::string error_message;                                 // http_error
  std::uint32_t attempts = 0;                                // http_response, http_error
};

struct HttpAction {
  std::string method, url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::uint32_t timeout_ms = 0;  // 0: the host's default
  bool idempotent = false;
  std::string rate_limit_key;  // empty: "default"
  double expected_cost = 0;
  // ABI 1.1: paths of the PEM client certificate chain and its key; both empty: none.
  std::string client_certificate, client_key;
};

enum class ActionKind {
  http = LF_ACTION_HTTP,
  sleep = LF_ACTION_SLEEP,
  checkpoint = LF_ACTION_CHECKPOINT,
  done = LF_ACTION_DONE,
  fail = LF_ACTION_FAIL
};

struct Action {
  ActionKind kind = ActionKind::fail;
  HttpAction http;             // http
  std::uint64_t sleep_ms = 0;  // sleep
  std::string json;            // checkpoint, done, fail
  double credits_spent = 0;    // done, fail
};

// A plugin call failed or answered something the host cannot accept. what() names the plugin
// and the call, and carries the plugin's set_error message (secrets redacted).
struct PluginCallError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class InstanceState;

// One capability call for one record. Calls are serialised by the caller (THREAD: one at a time,
// any thread). Keeps its instance and library alive until destroyed.
class Operation {
 public:
  Operation(std::shared_ptr<InstanceState> instance, std::unique_ptr<lf_host_ctx> ctx, lf_operation* handle, std::string capability);
  Operation(const Operation&) = delete;
  Operation& operator=(const Operation&) = delete;
  ~Operation();  // frees via operation_free

  // Steps the plugin. Throws PluginCallError on a non-OK status, an invalid action, or a step
  // after the operation already answered done or fail.
  Action step(const Event& event);

 private:
  std::shared_ptr<InstanceState> instance_;
  std::unique_ptr<lf_host_ctx> ctx_;
  lf_operation* handle_;
  std::string capability_;
  bool finished_ = false;
};

// A provider configured with one account. The delegate must outlive the Instance and every
// Operation started from it. THREAD: create/destroy on the control thread; start from any.
class Instance {
 public:
  // validated_config: the config from validate_config (defaults filled). Throws PluginCallError.
  static std::unique_ptr<Instance> create(std::shared_ptr<const Plugin> plugin, HostDelegate& delegate,
                                          const nlohmann::json& validated_config, std::string label);
  explicit Instance(std::shared_ptr<InstanceState> state);
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance();  // instance_free runs once the last Operation is gone too

  // checkpoint_json: empty for a fresh operation, or the last checkpoint when resuming.
  // Throws PluginCallError (unknown capability, input the plugin rejects).
  std::unique_ptr<Operation> start(std::string_view capability, const nlohmann::json& input, std::string_view checkpoint_json,
                                   std::string label);

  const Plugin& plugin() const;

 private:
  std::shared_ptr<InstanceState> state_;
};

}  // namespace leadflow::plugin
