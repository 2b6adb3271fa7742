// One Verifalia API request as the official SDKs make it, as a small state machine the
// operation coroutines drive (a Task cannot await another Task):
//   - authentication: Basic on every request, or a bearer token obtained first from
//     POST /auth/tokens (then POST /auth/totp/verifications when the JWT asks for TOTP), shared
//     by the instance, refreshed a minute before `exp` and once more after a 401, or a TLS
//     client certificate the host presents (client_certificate/client_key on every request);
//   - failover: each attempt goes to the next base URL after a transport error, a timeout or a
//     5xx; when every host failed, a request that is safe to repeat waits and goes round again.
//
//   ApiCall call(settings, session, request);
//   for (auto next = call.next(op.now_unix_ms()); next != ApiCall::Next::finished; next = call.next(op.now_unix_ms())) {
//     if (next == ApiCall::Next::wait) co_await op.sleep(call.wait());
//     else call.receive(co_await op.http(call.request()), op.now_unix_ms());
//   }
//   if (call.failure()) co_return *call.failure();
//   ... call.response() ...
#pragma once

#include <leadflow/plugin.hpp>

#include "api_session.hpp"
#include "settings.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace leadflow::verifalia {

struct ApiRequest {
  std::string method = "GET";
  std::string path;  // after the base URL, query included: "/email-validations?waitTime=30000"
  std::string body;
  std::string content_type;  // empty: no body
  std::string accept = "application/json";
  double expected_cost = 0;
  // Safe to send again when an attempt may have reached Verifalia (reads, deletes). A job
  // submission is not: it moves to the next host only when the previous one cannot have
  // processed it (connection failed, 5xx); otherwise the call fails with
  // may_have_been_processed() and the caller finds out whether the job exists.
  bool repeatable = true;
  std::chrono::milliseconds timeout{0};
  std::string what;  // "the job submission", for messages
};

class ApiCall {
 public:
  enum class Next { send, wait, finished };

  // `settings` and `session` must outlive the call (the instance owns them).
  ApiCall(const Settings& settings, ApiSession& session, ApiRequest request);

  // What the operation must do now.
  Next next(std::int64_t now_ms);
  // With Next::send: the request to send.
  const sdk::HttpRequest& request() const { return outgoing_; }
  // With Next::wait: how long to sleep before calling next() again.
  std::chrono::milliseconds wait() const { return wait_; }
  // The answer (or transport error) to the request last sent.
  void receive(const sdk::HttpResponse& response, std::int64_t now_ms);

  // With Next::finished: the failure that ended the call (transport, every host down, the
  // authentication flow), or else the main request's final answer, whatever its status.
  const std::optional<sdk::Outcome>& failure() const { return failure_; }
  const sdk::HttpResponse& response() const { return response_; }
  // With a failure: true when the main request may have reached Verifalia before the connection
  // broke (a timeout or a dropped answer), so a submission may have created its job.
  bool may_have_been_processed() const { return may_have_been_processed_; }
  // The base URL that answered last.
  const std::string& host() const { return settings_.base_urls[host_index_]; }

 private:
  enum class Stage { authenticate, second_factor, main, finished };

  sdk::HttpRequest build(const std::string& method, const std::string& path, const std::string& body, const std::string& content_type,
                         const std::string& authorization, double cost, bool idempotent) const;
  std::string main_authorization() const;
  void build_next_request();
  void receive_token(const sdk::HttpResponse& response, std::int64_t now_ms);
  void receive_totp(const sdk::HttpResponse& response);
  void receive_main(const sdk::HttpResponse& response);
  // A transport error or 5xx: move on to the next host, wait for another round, or give up.
  void fail_over(const sdk::HttpResponse& response);
  bool may_fail_over(const sdk::HttpResponse& response) const;
  void finish(sdk::Outcome failure);
  std::string stage_what() const;

  const Settings& settings_;
  ApiSession& session_;
  ApiRequest request_;
  Stage stage_ = Stage::main;
  std::optional<BearerToken> token_;
  std::optional<BearerToken> pending_mfa_token_;
  bool refreshed_after_401_ = false;
  bool may_have_been_processed_ = false;
  int totp_attempts_ = 0;
  std::size_t host_index_ = 0;
  std::size_t failures_this_round_ = 0;
  int rounds_ = 0;
  bool send_pending_ = false;
  std::chrono::milliseconds wait_{0};
  bool wait_pending_ = false;
  sdk::HttpRequest outgoing_;
  sdk::HttpResponse response_;
  std::optional<sdk::Outcome> failure_;
  std::int64_t now_ms_ = 0;
};

}  // namespace leadflow::verifalia
