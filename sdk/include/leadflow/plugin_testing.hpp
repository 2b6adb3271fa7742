// plugin_testing.hpp: a scripted host for plugin authors' tests. It drives any lf_plugin table
// through the step protocol without a network: the test answers each HTTP request, sleeps
// advance a fake clock instantly, and every action lands in a transcript to assert on.
//
//   sdk::testing::ScriptedHost host(sdk::testing::linked_plugin());
//   REQUIRE(host.create_instance({{"api_key", "KEY"}}) == LF_OK);
//   auto t = host.run("find_email", {{"full_name", "Ada Lovelace"}, {"domain", "example.com"}},
//                     {sdk::testing::Reply::json(200, found_body)});
//   CHECK(t.succeeded());  CHECK(t.requests().at(0).url == "...");
//
// Header-only; depends on plugin.h, plugin.hpp (for Header/ErrorCode) and nlohmann/json.
#ifndef LEADFLOW_PLUGIN_TESTING_HPP
#define LEADFLOW_PLUGIN_TESTING_HPP

#include <leadflow/plugin.h>
#include <leadflow/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

// The entry symbol of the plugin linked into the test executable (exactly one per executable).
extern "C" const lf_plugin* leadflow_plugin_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor);

namespace leadflow::sdk::testing {

// The table of the plugin whose LEADFLOW_PLUGIN is linked into this test executable.
inline const lf_plugin* linked_plugin() { return leadflow_plugin_entry_v1(LF_ABI_MAJOR, LF_ABI_MINOR); }

// An HTTP request exactly as the plugin asked for it.
struct SentRequest {
  std::string method;
  std::string url;
  std::vector<Header> headers;
  std::string body;
  uint32_t flags = 0;
  std::string rate_limit_key;  // as sent; empty means "default"
  double expected_cost = 0;
  uint32_t timeout_ms = 0;

  bool idempotent() const { return (flags & LF_HTTP_IDEMPOTENT) != 0; }
  // Case-insensitive lookup; nullopt when the plugin did not send the header.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& h : headers)
      if (HttpResponse::equal_ignoring_case(h.name, name)) return h.value;
    return std::nullopt;
  }
};

// The scripted answer to one request: a response, a transport error, or a cancellation.
struct Reply {
  enum class Kind { response, transport_error, cancel };
  Kind kind = Kind::response;
  int status = 200;
  std::vector<Header> headers;  // names are lower-cased before the plugin sees them
  std::string body;
  int32_t transport_error = 0;
  std::string error_message;
  uint32_t attempts = 1;

  static Reply with_status(int status, std::string body = {}, std::vector<Header> headers = {}) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
  }
  static Reply json(int status, std::string body) {
    return with_status(status, std::move(body), {{"content-type", "application/json"}});
  }
  static Reply transport(int32_t kind, std::string message, uint32_t attempts = 1) {
    Reply r;
    r.kind = Kind::transport_error;
    r.transport_error = kind;
    r.error_message = std::move(message);
    r.attempts = attempts;
    return r;
  }
  // The host abandons the operation instead of answering.
  static Reply cancel() {
    Reply r;
    r.kind = Kind::cancel;
    return r;
  }
};

using Responder = std::function<Reply(const SentRequest&)>;

// One action the plugin returned, in order.
struct RecordedAction {
  int32_t kind = 0;  // LF_ACTION_*
  std::optional<SentRequest> request;  // LF_ACTION_HTTP
  uint64_t sleep_ms = 0;               // LF_ACTION_SLEEP
  nlohmann::json json;                 // CHECKPOINT, DONE, FAIL
  double credits_spent = 0;            // DONE, FAIL
};

struct LogLine {
  int32_t level = 0;
  std::string message;
};

// Everything that happened in one run of one operation.
struct Transcript {
  lf_status start_status = LF_OK;  // operation_start's answer
  lf_status step_status = LF_OK;   // the first non-OK operation_step answer, if any
  std::string error;               // set_error messages and protocol violations the host saw
  std::vector<RecordedAction> actions;
  std::optional<RecordedAction> outcome;  // the final DONE or FAIL

  bool succeeded() const { return outcome && outcome->kind == LF_ACTION_DONE; }
  bool failed() const { return outcome && outcome->kind == LF_ACTION_FAIL; }
  // DONE's output or FAIL's error object; null when the operation did not finish.
  const nlohmann::json& result() const {
    static const nlohmann::json none;
    return outcome ? outcome->json : none;
  }
  double credits_spent() const { return outcome ? outcome->credits_spent : 0; }
  std::string fail_code() const { return failed() ? result().value("code", "") : ""; }

  std::vector<SentRequest> requests() const {
    std::vector<SentRequest> out;
    for (const auto& a : actions)
      if (a.request) out.push_back(*a.request);
    return out;
  }
  std::vector<uint64_t> sleeps() const {
    std::vector<uint64_t> out;
    for (const auto& a : actions)
      if (a.kind == LF_ACTION_SLEEP) out.push_back(a.sleep_ms);
    return out;
  }
  std::vector<nlohmann::json> checkpoints() const {
    std::vector<nlohmann::json> out;
    for (const auto& a : actions)
      if (a.kind == LF_ACTION_CHECKPOINT) out.push_back(a.json);
    return out;
  }
};

struct RunOptions {
  nlohmann::json checkpoint;             // null: a fresh operation; else resume from it
  std::optional<size_t> cancel_after;    // send LF_EVENT_CANCEL after this many actions
  size_t max_steps = 10000;              // a plugin that loops forever fails the run
};

// A host with fake services. Not thread-safe; one per test.
class ScriptedHost {
 public:
  explicit ScriptedHost(const lf_plugin* plugin, int64_t start_unix_ms = 1700000000000) : plugin_(plugin) {
    if (plugin_ == nullptr) throw std::invalid_argument("ScriptedHost needs a plugin table, got null.");
    clock_unix_ms_ = start_unix_ms;
    services_.struct_size = sizeof(lf_host_services);
    services_.abi_minor = LF_ABI_MINOR;
    services_.log = &ScriptedHost::log_service;
    services_.log_enabled = [](lf_host_ctx*, int32_t) -> int32_t { return 1; };
    services_.now_unix_ms = [](lf_host_ctx* ctx) { return self(ctx).clock_unix_ms_; };
    services_.monotonic_ms = [](lf_host_ctx* ctx) { return self(ctx).clock_unix_ms_ - self(ctx).start_unix_ms_; };
    services_.cache_get = &ScriptedHost::cache_get_service;
    services_.cache_put = [](lf_host_ctx* ctx, lf_str key, lf_str value, uint32_t) {
      self(ctx).cache_[std::string(view(key))] = std::string(view(value));
    };
    services_.set_error = [](lf_host_ctx* ctx, lf_status, lf_str message) {
      self(ctx).last_error_ = std::string(view(message));
    };
    start_unix_ms_ = start_unix_ms;
  }
  ScriptedHost(const ScriptedHost&) = delete;
  ScriptedHost& operator=(const ScriptedHost&) = delete;
  ~ScriptedHost() {
    if (instance_ != nullptr) plugin_->instance_free(instance_);
  }

  const lf_plugin& plugin() const { return *plugin_; }

  // Creates the one instance this host drives. On failure, last_error() holds the message.
  lf_status create_instance(const nlohmann::json& config) {
    if (instance_ != nullptr) {
      plugin_->instance_free(instance_);
      instance_ = nullptr;
    }
    last_error_.clear();
    const std::string text = config.dump();
    return plugin_->instance_create(&services_, ctx(), lf_str{text.data(), text.size()}, &instance_);
  }

  // Runs one operation to its end, answering each request with `responder`.
  Transcript run(std::string_view capability, const nlohmann::json& input, const Responder& responder,
                 const RunOptions& options = {}) {
    if (instance_ == nullptr) throw std::logic_error("ScriptedHost::run needs create_instance to succeed first.");
    Transcript transcript;
    last_error_.clear();
    const std::string input_text = input.dump();
    const std::string checkpoint_text = options.checkpoint.is_null() ? "" : options.checkpoint.dump();
    lf_operation* operation = nullptr;
    transcript.start_status = plugin_->operation_start(
        instance_, ctx(), lf_str{capability.data(), capability.size()}, lf_str{input_text.data(), input_text.size()},
        lf_str{checkpoint_text.data(), checkpoint_text.size()}, &operation);
    if (transcript.start_status != LF_OK) {
      transcript.error = last_error_;
      return transcript;
    }
    drive(operation, responder, options, transcript);
    plugin_->operation_free(operation);
    return transcript;
  }

  // Runs one operation answering requests from a queue, in order. Running out of replies is a
  // test failure reported in transcript.error.
  Transcript run(std::string_view capability, const nlohmann::json& input, std::deque<Reply> replies,
                 const RunOptions& options = {}) {
    auto queue = std::make_shared<std::deque<Reply>>(std::move(replies));
    auto out_of_replies = std::make_shared<bool>(false);
    auto transcript = run(
        capability, input,
        [queue, out_of_replies](const SentRequest&) {
          if (queue->empty()) {
            *out_of_replies = true;
            return Reply::cancel();
          }
          Reply next = std::move(queue->front());
          queue->pop_front();
          return next;
        },
        options);
    if (*out_of_replies) transcript.error += "The plugin sent more requests than the script has replies. ";
    return transcript;
  }

  const std::vector<LogLine>& logs() const { return logs_; }
  const std::string& last_error() const { return last_error_; }
  int64_t now_unix_ms() const { return clock_unix_ms_; }
  std::map<std::string, std::string>& cache() { return cache_; }

 private:
  void drive(lf_operation* operation, const Responder& responder, const RunOptions& options, Transcript& transcript) {
    lf_event event{};
    event.struct_size = sizeof(lf_event);
    event.kind = LF_EVENT_START;
    // Storage for the event's pointers, alive during the step that reads them.
    Reply reply;
    std::vector<lf_header> headers;
    std::vector<std::string> lowered_names;

    for (size_t step = 0; step < options.max_steps; ++step) {
      if (options.cancel_after && transcript.actions.size() >= *options.cancel_after && event.kind != LF_EVENT_CANCEL) {
        event = lf_event{};
        event.struct_size = sizeof(lf_event);
        event.kind = LF_EVENT_CANCEL;
      }
      lf_action action{};
      action.struct_size = sizeof(lf_action);
      const lf_status status = plugin_->operation_step(operation, &event, &action);
      if (status != LF_OK) {
        transcript.step_status = status;
        transcript.error += last_error_;
        return;
      }
      RecordedAction recorded = record(action);
      transcript.actions.push_back(recorded);
      if (action.kind == LF_ACTION_DONE || action.kind == LF_ACTION_FAIL) {
        check_outcome(recorded, transcript);
        transcript.outcome = std::move(recorded);
        return;
      }
      event = lf_event{};
      event.struct_size = sizeof(lf_event);
      switch (action.kind) {
        case LF_ACTION_HTTP: {
          reply = responder(*recorded.request);
          if (reply.kind == Reply::Kind::cancel) {
            event.kind = LF_EVENT_CANCEL;
            break;
          }
          fill_http_event(reply, headers, lowered_names, event);
          break;
        }
        case LF_ACTION_SLEEP:
          clock_unix_ms_ += int64_t(action.sleep_ms);
          event.kind = LF_EVENT_TIMER;
          break;
        case LF_ACTION_CHECKPOINT:
          event.kind = LF_EVENT_CHECKPOINTED;
          break;
        default:
          transcript.error += "The plugin returned an unknown action kind " + std::to_string(action.kind) + ". ";
          return;
      }
    }
    transcript.error += "The plugin did not finish within " + std::to_string(options.max_steps) + " steps. ";
  }

  static void fill_http_event(const Reply& reply, std::vector<lf_header>& headers,
                              std::vector<std::string>& lowered_names, lf_event& event) {
    if (reply.kind == Reply::Kind::transport_error) {
      event.kind = LF_EVENT_HTTP_ERROR;
      event.transport_error = reply.transport_error;
      event.error_message = lf_str{reply.error_message.data(), reply.error_message.size()};
      event.attempts = reply.attempts;
      return;
    }
    event.kind = LF_EVENT_HTTP_RESPONSE;
    event.http_status = reply.status;
    lowered_names.clear();
    for (const auto& h : reply.headers) {
      std::string name = h.name;
      for (auto& c : name) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
      lowered_names.push_back(std::move(name));
    }
    headers.clear();
    for (size_t i = 0; i < reply.headers.size(); ++i)
      headers.push_back(lf_header{{lowered_names[i].data(), lowered_names[i].size()},
                                  {reply.headers[i].value.data(), reply.headers[i].value.size()}});
    event.headers = headers.data();
    event.header_count = headers.size();
    event.body = lf_str{reply.body.data(), reply.body.size()};
    event.attempts = reply.attempts;
  }

  static RecordedAction record(const lf_action& action) {
    RecordedAction recorded;
    recorded.kind = action.kind;
    recorded.sleep_ms = action.sleep_ms;
    recorded.credits_spent = action.credits_spent;
    if (action.kind == LF_ACTION_HTTP && action.http != nullptr) {
      const lf_http_request& http = *action.http;
      SentRequest request;
      request.method = std::string(view(http.method));
      request.url = std::string(view(http.url));
      for (size_t i = 0; i < http.header_count; ++i)
        request.headers.push_back(Header{std::string(view(http.headers[i].name)), std::string(view(http.headers[i].value))});
      request.body = std::string(view(http.body));
      request.flags = http.flags;
      request.rate_limit_key = std::string(view(http.rate_limit_key));
      request.expected_cost = http.expected_cost;
      request.timeout_ms = http.timeout_ms;
      recorded.request = std::move(request);
    }
    if (!view(action.json).empty()) recorded.json = nlohmann::json::parse(view(action.json), nullptr, false);
    return recorded;
  }

  // Holds every FAIL to the leadflow.v1 error schema, the start of a conformance kit.
  static void check_outcome(const RecordedAction& outcome, Transcript& transcript) {
    if (outcome.json.is_discarded() || !outcome.json.is_object()) {
      transcript.error += "The plugin's DONE/FAIL payload is not a JSON object. ";
      return;
    }
    if (outcome.kind != LF_ACTION_FAIL) return;
    static const std::vector<std::string> codes = {"invalid_input", "auth_failed", "out_of_credits",
                                                   "rate_limited", "provider_unavailable", "transport",
                                                   "timeout", "bad_response", "unsupported", "cancelled",
                                                   "internal"};
    const auto& error = outcome.json;
    const bool code_known = error.contains("code") && error["code"].is_string() &&
                            std::find(codes.begin(), codes.end(), error["code"].get<std::string>()) != codes.end();
    if (!code_known) transcript.error += "The FAIL code is not in the closed leadflow.v1 list. ";
    if (!error.contains("message") || !error["message"].is_string()) transcript.error += "The FAIL has no message. ";
    if (!error.contains("retryable") || !error["retryable"].is_boolean())
      transcript.error += "The FAIL has no boolean retryable. ";
    if (!error.contains("provider_status") || !error["provider_status"].is_number_integer())
      transcript.error += "The FAIL has no integer provider_status. ";
  }

  static std::string_view view(lf_str s) { return s.ptr == nullptr ? std::string_view{} : std::string_view(s.ptr, s.len); }
  static ScriptedHost& self(lf_host_ctx* ctx) { return *reinterpret_cast<ScriptedHost*>(ctx); }
  lf_host_ctx* ctx() { return reinterpret_cast<lf_host_ctx*>(this); }

  static void log_service(lf_host_ctx* ctx, int32_t level, lf_str message) {
    self(ctx).logs_.push_back(LogLine{level, std::string(view(message))});
  }
  static int32_t cache_get_service(lf_host_ctx* ctx, lf_str key, lf_str* value) {
    auto& host = self(ctx);
    auto found = host.cache_.find(std::string(view(key)));
    if (found == host.cache_.end()) return 0;
    *value = lf_str{found->second.data(), found->second.size()};
    return 1;
  }

  const lf_plugin* plugin_;
  lf_host_services services_{};
  lf_instance* instance_ = nullptr;
  int64_t clock_unix_ms_ = 0;
  int64_t start_unix_ms_ = 0;
  std::vector<LogLine> logs_;
  std::map<std::string, std::string> cache_;
  std::string last_error_;
};

}  // namespace leadflow::sdk::testing

#endif  // LEADFLOW_PLUGIN_TESTING_HPP
