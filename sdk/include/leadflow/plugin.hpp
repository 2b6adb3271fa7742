// plugin.hpp: write a leadflow plugin in straight-line C++20 instead of a hand-made state
// machine. Header-only; depends on plugin.h, nlohmann/json and the standard library.
//
// Design
// ------
// The C ABI (plugin.h) is sans-IO: the host steps an operation with one event and the plugin
// answers with one action. This header turns that protocol into a coroutine per operation:
//
//   sdk::Task run(sdk::Operation& op) {
//     auto r = co_await op.http({.method = "GET", .url = ...});   // -> LF_ACTION_HTTP
//     co_await op.sleep(std::chrono::seconds(10));               // -> LF_ACTION_SLEEP
//     co_await op.save_checkpoint(job_state(r));                 // -> LF_ACTION_CHECKPOINT
//     co_return sdk::done(output_from(r), 1);                    // -> LF_ACTION_DONE
//   }
//
// (g++ 12 rejects std::initializer_list braces such as json{{"k", v}} inside a coroutine body,
// "array used as initializer": build JSON and header lists in ordinary functions.)
//
// - Each awaiter records what it wants in the Operation and suspends. operation_step copies the
//   host's event into the Operation, resumes the coroutine, and translates whatever the coroutine
//   asked for next into the lf_action. The coroutine starts on LF_EVENT_START, not before.
// - Everything an action points to (request strings, header array, JSON text) is owned by the
//   Operation and overwritten only by the next step, as plugin.h requires.
// - Cancellation: when LF_EVENT_CANCEL arrives, the suspended coroutine is never resumed. Its
//   frame is destroyed (locals are destroyed as if the function had returned; op.cancelled() is
//   already true for their destructors) and the operation answers FAIL {"code":"cancelled"}.
//   Plugin code therefore never checks for cancellation after an await.
// - Error barrier: every exported function is noexcept. An exception escaping the coroutine
//   becomes FAIL {"code":"internal"}; one escaping the adapter becomes LF_E_INTERNAL with the
//   message passed to set_error. A ConfigError thrown by the plugin's constructor becomes
//   LF_E_INVALID_ARGUMENT.
// - No global mutable state: the lf_plugin table is a constant; everything else lives in an
//   instance or an operation, so two hosts in one process never see each other.
//
// A plugin class provides:
//   static constexpr std::string_view id, version;
//   static std::string_view manifest();                         // leadflow.manifest.v1 text
//   Plugin(const nlohmann::json& config, sdk::Host& host);      // throw sdk::ConfigError to reject
//   sdk::Task run(sdk::Operation& op);                          // one coroutine per operation
// and LEADFLOW_PLUGIN(Plugin) in exactly one source file. Operations of one instance may run
// concurrently on different threads: run() must not modify the instance.
#ifndef LEADFLOW_PLUGIN_HPP
#define LEADFLOW_PLUGIN_HPP

#include <leadflow/plugin.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace leadflow::sdk {

// ---- Vocabulary ---------------------------------------------------------------------------

// The closed list of FAIL codes of the leadflow.v1 payload schema.
enum class ErrorCode {
  invalid_input,
  auth_failed,
  out_of_credits,
  rate_limited,
  provider_unavailable,
  transport,
  timeout,
  bad_response,
  unsupported,
  cancelled,
  internal,
};

inline std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::auth_failed: return "auth_failed";
    case ErrorCode::out_of_credits: return "out_of_credits";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::provider_unavailable: return "provider_unavailable";
    case ErrorCode::transport: return "transport";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::bad_response: return "bad_response";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

enum class LogLevel : int32_t {
  trace = LF_LOG_TRACE,
  debug = LF_LOG_DEBUG,
  info = LF_LOG_INFO,
  warn = LF_LOG_WARN,
  error = LF_LOG_ERROR,
};

// Thrown by a plugin constructor to reject its configuration; the message reaches the user.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Header {
  std::string name;
  std::string value;
};

// The end of an operation: DONE with the output, or FAIL with the leadflow.v1 error object.
struct Outcome {
  bool succeeded = false;
  nlohmann::json json;
  double credits_spent = 0;
};

inline Outcome done(nlohmann::json output, double credits_spent = 0) {
  return Outcome{true, std::move(output), credits_spent};
}

inline Outcome fail(ErrorCode code, std::string message, bool retryable = false, int provider_status = 0,
                    double credits_spent = 0) {
  return Outcome{false,
                 {{"code", to_string(code)},
                  {"message", std::move(message)},
                  {"retryable", retryable},
                  {"provider_status", provider_status}},
                 credits_spent};
}

// ---- HTTP ---------------------------------------------------------------------------------

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute
  std::vector<Header> headers;
  std::string body;
  bool idempotent = false;     // LF_HTTP_IDEMPOTENT: the host may resend it
  std::string rate_limit_key;  // a manifest rate-limit class; empty means "default"
  double expected_cost = 0;    // credits it may consume at most
  std::chrono::milliseconds timeout{0};  // 0: the host's default
  // ABI 1.1: a TLS client certificate for this request (paths of PEM files the host reads:
  // certificate chain and private key); both empty: none. https only.
  std::string client_certificate;
  std::string client_key;
};

// What came back for an HttpRequest: a response, or a transport error after the host's retries.
class HttpResponse {
 public:
  HttpResponse() = default;
  HttpResponse(int status, std::vector<Header> headers, std::string body, uint32_t attempts)
      : status_(status), headers_(std::move(headers)), body_(std::move(body)), attempts_(attempts) {}
  static HttpResponse from_transport_error(int32_t kind, std::string message, uint32_t attempts) {
    HttpResponse response;
    response.transport_error_ = kind;
    response.error_message_ = std::move(message);
    response.attempts_ = attempts;
    return response;
  }

  // 0 when the exchange failed in transport.
  int status() const noexcept { return status_; }
  bool ok() const noexcept { return status_ >= 200 && status_ < 300; }
  const std::string& body() const noexcept { return body_; }
  const std::vector<Header>& headers() const noexcept { return headers_; }
  // Case-insensitive header lookup.
  std::optional<std::string_view> header(std::string_view name) const {
    for (const auto& h : headers_)
      if (equal_ignoring_case(h.name, name)) return std::string_view(h.value);
    return std::nullopt;
  }
  // The body parsed as JSON, or nullopt when it is not JSON.
  std::optional<nlohmann::json> json() const {
    auto parsed = nlohmann::json::parse(body_, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
  }
  // LF_TRANSPORT_* when the event was LF_EVENT_HTTP_ERROR, else 0.
  int32_t transport_error() const noexcept { return transport_error_; }
  bool failed_in_transport() const noexcept { return transport_error_ != 0; }
  const std::string& error_message() const noexcept { return error_message_; }
  // How many times the host sent the request.
  uint32_t attempts() const noexcept { return attempts_; }

  static bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return to_lower(x) == to_lower(y);
           });
  }

 private:
  static char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

  int status_ = 0;
  std::vector<Header> headers_;
  std::string body_;
  int32_t transport_error_ = 0;
  std::string error_message_;
  uint32_t attempts_ = 0;
};

// ---- Encoding helpers ---------------------------------------------------------------------

namespace detail {
inline bool is_ascii_alnum(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline void append_percent_encoded(std::string& out, unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  out += '%';
  out += digits[c >> 4];
  out += digits[c & 0xF];
}
}  // namespace detail

// application/x-www-form-urlencoded, as the WHATWG URL standard serialises it: space becomes
// '+', alphanumerics and *-._ stay, every other byte is percent-encoded.
inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  auto append = [&out](std::string_view text) {
    for (unsigned char c : text) {
      if (detail::is_ascii_alnum(c) || c == '*' || c == '-' || c == '.' || c == '_')
        out += static_cast<char>(c);
      else if (c == ' ')
        out += '+';
      else
        detail::append_percent_encoded(out, c);
    }
  };
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    append(name);
    out += '=';
    append(value);
  }
  return out;
}

// One URL path segment: every byte except RFC 3986 unreserved characters is percent-encoded,
// so '/', '?' and '#' inside an id cannot change the path.
inline std::string encode_path_segment(std::string_view segment) {
  std::string out;
  for (unsigned char c : segment) {
    if (detail::is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      detail::append_percent_encoded(out, c);
  }
  return out;
}

// base + path with exactly one '/' between them, whatever slashes either side brings.
inline std::string join_url(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string url(base);
  url += '/';
  url += path;
  return url;
}

inline std::string base64_encode(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// The Authorization header value for HTTP Basic auth: "Basic base64(user:password)".
inline std::string basic_auth(std::string_view user, std::string_view password) {
  std::string credentials(user);
  credentials += ':';
  credentials += password;
  return "Basic " + base64_encode(credentials);
}

// ---- Host services ------------------------------------------------------------------------

namespace detail {
inline lf_str to_lf(std::string_view s) noexcept { return lf_str{s.data(), s.size()}; }
inline std::string_view from_lf(lf_str s) noexcept {
  return s.ptr == nullptr ? std::string_view{} : std::string_view(s.ptr, s.len);
}

// Replaces every secret (raw, and as it appears inside JSON text) with "[redacted]".
inline void redact(std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    const std::string quoted = nlohmann::json(secret).dump();
    const std::string escaped = quoted.substr(1, quoted.size() - 2);
    constexpr std::string_view replacement = "[redacted]";
    for (const std::string* needle : {&secret, &escaped}) {
      for (auto at = text.find(*needle); at != std::string::npos; at = text.find(*needle, at + replacement.size()))
        text.replace(at, needle->size(), replacement);
    }
  }
}
}  // namespace detail

// True when a field lies within the struct_size the struct's writer compiled (plugin.h: a
// reader treats any field beyond struct_size as zero).
#define LEADFLOW_SDK_FITS(object, type, field) \
  ((offsetof(type, field) + sizeof(((type*)nullptr)->field)) <= (object).struct_size)

// The host's services bound to one host context: the instance's inside the plugin constructor,
// the operation's inside run(). Use the constructor's Host only while constructing; during an
// operation use op.host() or the Operation's forwarding functions (plugin.h THREAD rules).
// A host service is usable when the host's table is long enough to hold it and it is set.
#define LEADFLOW_SDK_HAS_SERVICE(name) \
  (services_ != nullptr && LEADFLOW_SDK_FITS(*services_, lf_host_services, name) && services_->name != nullptr)

class Host {
 public:
  // `declared` is where treat_as_secret() adds secrets; null outside the constructor.
  Host(const lf_host_services* services, lf_host_ctx* ctx, const std::vector<std::string>* secrets,
       std::vector<std::string>* declared = nullptr)
      : services_(services), ctx_(ctx), secrets_(secrets), declared_(declared) {}

  // Declares a config value (an API key, a password) as secret: the SDK then redacts it from
  // log lines, set_error messages and DONE/FAIL payloads. Only inside the plugin constructor.
  void treat_as_secret(std::string value) {
    if (declared_ == nullptr) throw std::logic_error("treat_as_secret() is only available in the plugin constructor.");
    if (!value.empty()) declared_->push_back(std::move(value));
  }

  bool log_enabled(LogLevel level) const {
    return LEADFLOW_SDK_HAS_SERVICE(log_enabled) &&
           services_->log_enabled(ctx_, int32_t(level)) != 0;
  }
  void log(LogLevel level, std::string message) const {
    if (!LEADFLOW_SDK_HAS_SERVICE(log)) return;
    redact_secrets(message);
    services_->log(ctx_, int32_t(level), detail::to_lf(message));
  }
  int64_t now_unix_ms() const {
    return LEADFLOW_SDK_HAS_SERVICE(now_unix_ms)
               ? services_->now_unix_ms(ctx_)
               : 0;
  }
  int64_t monotonic_ms() const {
    return LEADFLOW_SDK_HAS_SERVICE(monotonic_ms)
               ? services_->monotonic_ms(ctx_)
               : 0;
  }
  std::optional<std::string> cache_get(std::string_view key) const {
    lf_str value{};
    if (!LEADFLOW_SDK_HAS_SERVICE(cache_get) ||
        services_->cache_get(ctx_, detail::to_lf(key), &value) == 0)
      return std::nullopt;
    return std::string(detail::from_lf(value));
  }
  void cache_put(std::string_view key, std::string_view value, std::chrono::seconds ttl = {}) const {
    if (LEADFLOW_SDK_HAS_SERVICE(cache_put))
      services_->cache_put(ctx_, detail::to_lf(key), detail::to_lf(value), uint32_t(ttl.count()));
  }
  void set_error(lf_status code, std::string message) const {
    if (!LEADFLOW_SDK_HAS_SERVICE(set_error)) return;
    redact_secrets(message);
    services_->set_error(ctx_, code, detail::to_lf(message));
  }
  void redact_secrets(std::string& text) const {
    if (secrets_ != nullptr) detail::redact(text, *secrets_);
    if (declared_ != nullptr) detail::redact(text, *declared_);
  }

 private:
  const lf_host_services* services_;
  lf_host_ctx* ctx_;
  const std::vector<std::string>* secrets_;
  std::vector<std::string>* declared_;
};

#undef LEADFLOW_SDK_HAS_SERVICE

// ---- The coroutine type -------------------------------------------------------------------

// The return type of run(): a lazily started coroutine ending in co_return done(...)/fail(...).
class Task {
 public:
  struct promise_type {
    std::optional<Outcome> outcome;

    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(Outcome result) { outcome = std::move(result); }
    void unhandled_exception() noexcept {
      try {
        throw;
      } catch (const std::exception& e) {
        outcome = fail(ErrorCode::internal, std::string("The plugin failed unexpectedly: ") + e.what());
      } catch (...) {
        outcome = fail(ErrorCode::internal, "The plugin failed unexpectedly with a non-standard exception.");
      }
    }
  };

  Task() = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool valid() const noexcept { return bool(handle_); }
  bool finished() const noexcept { return !handle_ || handle_.done(); }
  void resume() { handle_.resume(); }
  // Destroys the frame wherever it is suspended: the locals' destructors run.
  void reset() noexcept {
    if (handle_) std::exchange(handle_, {}).destroy();
  }
  std::optional<Outcome>& outcome() { return handle_.promise().outcome; }

 private:
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  std::coroutine_handle<promise_type> handle_;
};

// A coroutine that finishes at once with `outcome`: for run() branches that need no request,
// such as a capability this build does not serve.
inline Task immediately(Outcome outcome) { co_return outcome; }

// ---- The operation ------------------------------------------------------------------------

namespace detail {
template <typename Plugin>
struct Adapter;
}

// One capability call. Created by the adapter, handed to run() by reference, alive until the
// host frees the operation. Calls on it are serialised by the host.
class Operation {
 public:
  Operation(const lf_host_services* services, lf_host_ctx* ctx, const std::vector<std::string>* secrets,
            std::string capability, nlohmann::json input, nlohmann::json checkpoint)
      : host_(services, ctx, secrets),
        secrets_(secrets),
        capability_(std::move(capability)),
        input_(std::move(input)),
        checkpoint_(std::move(checkpoint)) {}
  Operation(const Operation&) = delete;
  Operation& operator=(const Operation&) = delete;

  const std::string& capability() const noexcept { return capability_; }
  const nlohmann::json& input() const noexcept { return input_; }
  // The state of the last save_checkpoint before a crash; null for a fresh operation.
  const nlohmann::json& checkpoint() const noexcept { return checkpoint_; }
  // True once the host sent LF_EVENT_CANCEL (visible to destructors of the destroyed frame).
  bool cancelled() const noexcept { return cancelled_; }

  void log(LogLevel level, std::string message) const { host_.log(level, std::move(message)); }
  bool log_enabled(LogLevel level) const { return host_.log_enabled(level); }
  int64_t now_unix_ms() const { return host_.now_unix_ms(); }
  int64_t monotonic_ms() const { return host_.monotonic_ms(); }
  const Host& host() const noexcept { return host_; }

  // co_await op.http(request) -> HttpResponse
  auto http(HttpRequest request) {
    struct Awaiter {
      Operation& op;
      HttpRequest request;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) { op.want_http(std::move(request)); }
      HttpResponse await_resume() { return std::move(op.response_); }
    };
    return Awaiter{*this, std::move(request)};
  }

  // co_await op.sleep(duration): the host wakes the operation after that much provider time.
  auto sleep(std::chrono::milliseconds duration) {
    struct Awaiter {
      Operation& op;
      std::chrono::milliseconds duration;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) { op.want_sleep(duration); }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this, duration};
  }

  // co_await op.save_checkpoint(state): returns once the host has stored it durably.
  auto save_checkpoint(nlohmann::json state) {
    struct Awaiter {
      Operation& op;
      nlohmann::json state;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) { op.want_checkpoint(state); }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this, std::move(state)};
  }

 private:
  template <typename Plugin>
  friend struct detail::Adapter;

  enum class Waiting { to_start, http, sleep, checkpoint, finished };

  void want_http(HttpRequest request) {
    request_ = std::move(request);
    request_headers_.clear();
    for (const auto& h : request_.headers) request_headers_.push_back(lf_header{detail::to_lf(h.name), detail::to_lf(h.value)});
    http_ = lf_http_request{};
    http_.struct_size = sizeof(lf_http_request);
    http_.flags = request_.idempotent ? LF_HTTP_IDEMPOTENT : 0u;
    http_.method = detail::to_lf(request_.method);
    http_.url = detail::to_lf(request_.url);
    http_.headers = request_headers_.data();
    http_.header_count = request_headers_.size();
    http_.body = detail::to_lf(request_.body);
    http_.timeout_ms = uint32_t(request_.timeout.count());
    http_.rate_limit_key = detail::to_lf(request_.rate_limit_key);
    http_.expected_cost = request_.expected_cost;
    http_.client_certificate = detail::to_lf(request_.client_certificate);
    http_.client_key = detail::to_lf(request_.client_key);
    waiting_ = Waiting::http;
  }
  void want_sleep(std::chrono::milliseconds duration) {
    sleep_ms_ = duration.count() < 0 ? 0 : uint64_t(duration.count());
    waiting_ = Waiting::sleep;
  }
  void want_checkpoint(const nlohmann::json& state) {
    action_json_ = state.dump();
    waiting_ = Waiting::checkpoint;
  }
  void finish(const Outcome& outcome) {
    action_json_ = outcome.json.dump();
    if (secrets_ != nullptr) detail::redact(action_json_, *secrets_);
    finished_with_ = outcome.succeeded ? LF_ACTION_DONE : LF_ACTION_FAIL;
    credits_spent_ = outcome.credits_spent;
    waiting_ = Waiting::finished;
  }

  Host host_;
  const std::vector<std::string>* secrets_;
  std::string capability_;
  nlohmann::json input_;
  nlohmann::json checkpoint_;
  bool cancelled_ = false;

  Task task_;
  Waiting waiting_ = Waiting::to_start;
  HttpResponse response_;
  // Action storage: valid until the next step, as plugin.h requires.
  HttpRequest request_;
  std::vector<lf_header> request_headers_;
  lf_http_request http_{};
  uint64_t sleep_ms_ = 0;
  std::string action_json_;
  int32_t finished_with_ = 0;
  double credits_spent_ = 0;
};

// ---- The adapter: C ABI functions over a plugin class -------------------------------------

namespace detail {

// Copies the host's event into a HttpResponse, reading only fields within its struct_size.
inline HttpResponse response_from(const lf_event& event) {
  const uint32_t attempts = LEADFLOW_SDK_FITS(event, lf_event, attempts) ? event.attempts : 1;
  if (event.kind == LF_EVENT_HTTP_ERROR) {
    const int32_t kind = LEADFLOW_SDK_FITS(event, lf_event, transport_error) ? event.transport_error : 0;
    std::string message(LEADFLOW_SDK_FITS(event, lf_event, error_message) ? from_lf(event.error_message) : "");
    return HttpResponse::from_transport_error(kind == 0 ? LF_TRANSPORT_PROTOCOL : kind, std::move(message), attempts);
  }
  std::vector<Header> headers;
  if (LEADFLOW_SDK_FITS(event, lf_event, header_count) && event.headers != nullptr)
    for (size_t i = 0; i < event.header_count; ++i)
      headers.push_back(Header{std::string(from_lf(event.headers[i].name)), std::string(from_lf(event.headers[i].value))});
  const int status = LEADFLOW_SDK_FITS(event, lf_event, http_status) ? event.http_status : 0;
  std::string body(LEADFLOW_SDK_FITS(event, lf_event, body) ? from_lf(event.body) : "");
  return HttpResponse(status, std::move(headers), std::move(body), attempts);
}

// The manifest's config defaults filled into the host's config, and required fields checked.
inline nlohmann::json config_with_defaults(const nlohmann::json& manifest, nlohmann::json config) {
  if (config.is_null()) config = nlohmann::json::object();
  if (!config.is_object()) throw ConfigError("The provider config must be a JSON object.");
  if (!manifest.contains("config")) return config;
  for (const auto& [name, field] : manifest.at("config").items()) {
    if (config.contains(name) && !config.at(name).is_null()) continue;
    if (field.contains("default"))
      config[name] = field.at("default");
    else if (field.value("required", false))
      throw ConfigError("The provider config lacks the required field '" + name + "': add it to the provider's config.");
  }
  return config;
}

template <typename Plugin>
struct Adapter {
  struct Instance {
    std::vector<std::string> secrets;
    std::set<std::string, std::less<>> capabilities;
    std::optional<Plugin> plugin;
    const lf_host_services* services = nullptr;
  };

  static const nlohmann::json& manifest() {
    static const nlohmann::json parsed = nlohmann::json::parse(Plugin::manifest());
    return parsed;
  }

  static lf_status instance_create(const lf_host_services* services, lf_host_ctx* ctx, lf_str config_json,
                                   lf_instance** out) noexcept {
    Host reporter(services, ctx, nullptr);
    if (out == nullptr) return LF_E_INVALID_ARGUMENT;
    *out = nullptr;
    try {
      auto instance = std::make_unique<Instance>();
      instance->services = services;
      const auto capabilities = manifest().value("capabilities", nlohmann::json::object());
      for (const auto& [name, spec] : capabilities.items()) instance->capabilities.insert(name);
      auto config = nlohmann::json::parse(from_lf(config_json), nullptr, false);
      if (config.is_discarded()) throw ConfigError("The provider config is not valid JSON.");
      config = config_with_defaults(manifest(), std::move(config));
      Host host(services, ctx, nullptr, &instance->secrets);
      instance->plugin.emplace(config, host);
      *out = reinterpret_cast<lf_instance*>(instance.release());
      return LF_OK;
    } catch (const ConfigError& e) {
      reporter.set_error(LF_E_INVALID_ARGUMENT, std::string(Plugin::id) + ": " + e.what());
      return LF_E_INVALID_ARGUMENT;
    } catch (const std::bad_alloc&) {
      return LF_E_NO_MEMORY;
    } catch (const std::exception& e) {
      reporter.set_error(LF_E_INTERNAL, std::string(Plugin::id) + " failed to create an instance: " + e.what());
      return LF_E_INTERNAL;
    } catch (...) {
      reporter.set_error(LF_E_INTERNAL, std::string(Plugin::id) + " failed to create an instance.");
      return LF_E_INTERNAL;
    }
  }

  static void instance_free(lf_instance* instance) noexcept {
    delete reinterpret_cast<Instance*>(instance);  // ~Plugin must not throw
  }

  static lf_status operation_start(lf_instance* handle, lf_host_ctx* ctx, lf_str capability, lf_str input_json,
                                   lf_str checkpoint_json, lf_operation** out) noexcept {
    if (handle == nullptr || out == nullptr) return LF_E_INVALID_ARGUMENT;
    *out = nullptr;
    auto* instance = reinterpret_cast<Instance*>(handle);
    Host reporter(instance->services, ctx, &instance->secrets);
    try {
      const std::string name(from_lf(capability));
      if (!instance->capabilities.contains(name)) {
        reporter.set_error(LF_E_INVALID_ARGUMENT, std::string(Plugin::id) + " has no capability '" + name +
                                                      "': use one listed in its manifest.");
        return LF_E_INVALID_ARGUMENT;
      }
      auto input = from_lf(input_json).empty() ? nlohmann::json::object()
                                               : nlohmann::json::parse(from_lf(input_json), nullptr, false);
      if (input.is_discarded() || !input.is_object()) {
        reporter.set_error(LF_E_INVALID_ARGUMENT, std::string(Plugin::id) + ": the input of '" + name +
                                                      "' must be a JSON object.");
        return LF_E_INVALID_ARGUMENT;
      }
      auto checkpoint = from_lf(checkpoint_json).empty()
                            ? nlohmann::json()
                            : nlohmann::json::parse(from_lf(checkpoint_json), nullptr, false);
      if (checkpoint.is_discarded()) {
        reporter.set_error(LF_E_INVALID_ARGUMENT, std::string(Plugin::id) + ": the checkpoint of '" + name +
                                                      "' is not valid JSON.");
        return LF_E_INVALID_ARGUMENT;
      }
      auto operation = std::make_unique<Operation>(instance->services, ctx, &instance->secrets, name,
                                                   std::move(input), std::move(checkpoint));
      operation->task_ = instance->plugin->run(*operation);
      *out = reinterpret_cast<lf_operation*>(operation.release());
      return LF_OK;
    } catch (const std::bad_alloc&) {
      return LF_E_NO_MEMORY;
    } catch (const std::exception& e) {
      reporter.set_error(LF_E_INTERNAL, std::string(Plugin::id) + " failed to start an operation: " + e.what());
      return LF_E_INTERNAL;
    } catch (...) {
      reporter.set_error(LF_E_INTERNAL, std::string(Plugin::id) + " failed to start an operation.");
      return LF_E_INTERNAL;
    }
  }

  static lf_status operation_step(lf_operation* handle, const lf_event* event, lf_action* action) noexcept {
    if (handle == nullptr || event == nullptr || action == nullptr) return LF_E_INVALID_ARGUMENT;
    auto& op = *reinterpret_cast<Operation*>(handle);
    if (!LEADFLOW_SDK_FITS(*action, lf_action, kind) || !LEADFLOW_SDK_FITS(*event, lf_event, kind)) {
      op.host_.set_error(LF_E_INVALID_ARGUMENT, std::string(Plugin::id) + ": the event or action struct is too small.");
      return LF_E_INVALID_ARGUMENT;
    }
    try {
      if (op.waiting_ == Operation::Waiting::finished) return out_of_sequence(op, "after the operation finished");
      if (event->kind == LF_EVENT_CANCEL) {
        op.cancelled_ = true;
        op.task_.reset();
        op.finish(fail(ErrorCode::cancelled, "The host cancelled the operation."));
      } else {
        if (!accepts(op.waiting_, event->kind)) return out_of_sequence(op, "that the operation was not waiting for");
        if (event->kind == LF_EVENT_HTTP_RESPONSE || event->kind == LF_EVENT_HTTP_ERROR) op.response_ = response_from(*event);
        advance(op);
      }
      write_action(op, *action);
      return LF_OK;
    } catch (const std::bad_alloc&) {
      return LF_E_NO_MEMORY;
    } catch (const std::exception& e) {
      op.host_.set_error(LF_E_INTERNAL, std::string(Plugin::id) + " failed while stepping an operation: " + e.what());
      return LF_E_INTERNAL;
    } catch (...) {
      op.host_.set_error(LF_E_INTERNAL, std::string(Plugin::id) + " failed while stepping an operation.");
      return LF_E_INTERNAL;
    }
  }

  static void operation_free(lf_operation* handle) noexcept {
    delete reinterpret_cast<Operation*>(handle);
  }

  static bool accepts(Operation::Waiting waiting, int32_t kind) noexcept {
    switch (waiting) {
      case Operation::Waiting::to_start: return kind == LF_EVENT_START;
      case Operation::Waiting::http: return kind == LF_EVENT_HTTP_RESPONSE || kind == LF_EVENT_HTTP_ERROR;
      case Operation::Waiting::sleep: return kind == LF_EVENT_TIMER;
      case Operation::Waiting::checkpoint: return kind == LF_EVENT_CHECKPOINTED;
      case Operation::Waiting::finished: return false;
    }
    return false;
  }

  static lf_status out_of_sequence(Operation& op, std::string_view what) {
    op.host_.set_error(LF_E_BAD_STATE, std::string(Plugin::id) + " received an event " + std::string(what) +
                                           ": the host must follow the step protocol in docs/abi.md.");
    return LF_E_BAD_STATE;
  }

  // Resumes the coroutine until it asks for its next action or finishes.
  static void advance(Operation& op) {
    if (!op.task_.valid()) {
      op.finish(fail(ErrorCode::internal, std::string(Plugin::id) + " returned no coroutine for this operation."));
      return;
    }
    op.task_.resume();
    if (!op.task_.finished()) return;
    auto& outcome = op.task_.outcome();
    op.finish(outcome ? *outcome
                      : fail(ErrorCode::internal, std::string(Plugin::id) + " ended an operation without a result."));
    op.task_.reset();
  }

  // Fills the host's action, writing only the fields that fit its struct_size.
  static void write_action(Operation& op, lf_action& action) noexcept {
    auto set_kind = [&](int32_t kind) { action.kind = kind; };
    switch (op.waiting_) {
      case Operation::Waiting::http:
        set_kind(LF_ACTION_HTTP);
        if (LEADFLOW_SDK_FITS(action, lf_action, http)) action.http = &op.http_;
        break;
      case Operation::Waiting::sleep:
        set_kind(LF_ACTION_SLEEP);
        if (LEADFLOW_SDK_FITS(action, lf_action, sleep_ms)) action.sleep_ms = op.sleep_ms_;
        break;
      case Operation::Waiting::checkpoint:
        set_kind(LF_ACTION_CHECKPOINT);
        if (LEADFLOW_SDK_FITS(action, lf_action, json)) action.json = to_lf(op.action_json_);
        break;
      case Operation::Waiting::finished:
        set_kind(op.finished_with_);
        if (LEADFLOW_SDK_FITS(action, lf_action, json)) action.json = to_lf(op.action_json_);
        if (LEADFLOW_SDK_FITS(action, lf_action, credits_spent)) action.credits_spent = op.credits_spent_;
        break;
      case Operation::Waiting::to_start:
        break;  // unreachable: advance() always moves past to_start
    }
  }

  static const lf_plugin& table() {
    static const lf_plugin plugin_table = [] {
      lf_plugin t{};
      t.struct_size = sizeof(lf_plugin);
      t.abi_major = LF_ABI_MAJOR;
      t.abi_minor = LF_ABI_MINOR;
      t.min_host_minor = LF_ABI_MINOR;
      t.flags = 0;
      t.id = to_lf(Plugin::id);
      t.version = to_lf(Plugin::version);
      t.manifest_json = to_lf(Plugin::manifest());
      t.instance_create = &instance_create;
      t.instance_free = &instance_free;
      t.operation_start = &operation_start;
      t.operation_step = &operation_step;
      t.operation_free = &operation_free;
      return t;
    }();
    return plugin_table;
  }

  // Returns the table for a host of the same major; the host checks min_host_minor itself so
  // that it can say exactly why it rejects the plugin.
  static const lf_plugin* entry(uint32_t host_abi_major, uint32_t /*host_abi_minor*/) noexcept {
    if (host_abi_major != LF_ABI_MAJOR) return nullptr;
    try {
      return &table();
    } catch (...) {
      return nullptr;
    }
  }
};

}  // namespace detail

// The lf_plugin table for a plugin class, for hosts that link the plugin directly (tests).
template <typename Plugin>
const lf_plugin* plugin_table() noexcept {
  return detail::Adapter<Plugin>::entry(LF_ABI_MAJOR, LF_ABI_MINOR);
}

}  // namespace leadflow::sdk

// Defines the exported entry symbol leadflow_plugin_entry_v1 for plugin class `Plugin`.
// Use it once per shared library, at global scope.
#define LEADFLOW_PLUGIN(Plugin)                                                                       \
  extern "C" LF_EXPORT const lf_plugin* leadflow_plugin_entry_v1(uint32_t host_abi_major,             \
                                                                 uint32_t host_abi_minor) {           \
    return ::leadflow::sdk::detail::Adapter<Plugin>::entry(host_abi_major, host_abi_minor);           \
  }

#endif  // LEADFLOW_PLUGIN_HPP
