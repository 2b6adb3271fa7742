// One Verifalia request with the SDKs' authentication and failover; see api_call.hpp. The
// behaviour mirrors the official SDKs' MultiplexedRestClient (VF-JS, VF-NET) and bearer
// authentication providers, recorded in research/providers.md §5.
#include "api_call.hpp"

#include "problem_details.hpp"
#include "totp.hpp"

namespace leadflow::verifalia {
namespace {

using sdk::ErrorCode;
using namespace std::chrono_literals;

constexpr int max_rounds = 5;  // a request goes round every host at most this often (waiting 1, 2, 4, 8 s)

nlohmann::json credentials_body(const Settings& settings) {
  return {{"username", settings.username}, {"password", settings.password}};
}

nlohmann::json passcode_body(const std::string& code) { return {{"passCode", code}}; }

}  // namespace

ApiCall::ApiCall(const Settings& settings, ApiSession& session, ApiRequest request)
    : settings_(settings), session_(session), request_(std::move(request)), host_index_(session.first_host() % settings.base_urls.size()) {}

ApiCall::Next ApiCall::next(std::int64_t now_ms) {
  now_ms_ = now_ms;
  if (stage_ == Stage::finished) return Next::finished;
  if (wait_pending_) {
    wait_pending_ = false;
    return Next::wait;
  }
  if (settings_.auth == AuthMethod::bearer && stage_ == Stage::main) {
    if (token_ && !token_->fresh_at(now_ms)) token_.reset();  // refresh before exp, not after a 401
    if (!token_) token_ = session_.token(now_ms);
    if (!token_) stage_ = Stage::authenticate;
  }
  build_next_request();
  return Next::send;
}

sdk::HttpRequest ApiCall::build(const std::string& method, const std::string& path, const std::string& body,
                                const std::string& content_type, const std::string& authorization, double cost, bool idempotent) const {
  sdk::HttpRequest request{
      .method = method,
      .url = sdk::join_url(settings_.base_urls[host_index_], path),
      .headers = {{"Accept", request_.accept}},
      .body = body,
      // Never resent by the host after a transport error or a 5xx: the next attempt goes to the
      // next Verifalia host, as the SDKs do (a 429 is still waited out and resent by the host).
      .idempotent = idempotent,
      .rate_limit_key = "default",
      .expected_cost = cost,
      .timeout = request_.timeout,
  };
  if (!content_type.empty()) request.headers.push_back({"Content-Type", content_type});
  if (!authorization.empty()) request.headers.push_back({"Authorization", authorization});
  // Certificate authentication happens in the TLS handshake with the api-cca hosts: the host
  // presents these files, and no Authorization header is sent.
  if (settings_.auth == AuthMethod::certificate) {
    request.client_certificate = settings_.client_cert;
    request.client_key = settings_.client_key;
  }
  return request;
}

std::string ApiCall::main_authorization() const {
  switch (settings_.auth) {
    case AuthMethod::basic: return sdk::basic_auth(settings_.username, settings_.password);
    case AuthMethod::bearer: return "Bearer " + token_->value;
    case AuthMethod::certificate: return "";  // the TLS client certificate authenticates
  }
  return "";
}

void ApiCall::build_next_request() {
  switch (stage_) {
    case Stage::authenticate:
      outgoing_ = build("POST", "/auth/tokens", credentials_body(settings_).dump(), "application/json", "", 0, false);
      return;
    case Stage::second_factor: {
      // Attempts use the current 30 s step, then the previous and the next one, to absorb a
      // clock skew between this machine and Verifalia.
      static constexpr int skew_steps[] = {0, -1, 1};
      const auto key = decode_base32(settings_.totp_secret).value_or("");
      const auto code = totp_code(key, now_ms_ / 1000 + 30 * skew_steps[totp_attempts_ % 3]);
      outgoing_ = build("POST", "/auth/totp/verifications", passcode_body(code).dump(), "application/json",
                        "Bearer " + pending_mfa_token_->value, 0, false);
      return;
    }
    case Stage::main: {
      const auto authorization = main_authorization();
      outgoing_ = build(request_.method, request_.path, request_.body, request_.content_type, authorization, request_.expected_cost,
                        false);
      return;
    }
    case Stage::finished: return;
  }
}

void ApiCall::receive(const sdk::HttpResponse& response, std::int64_t now_ms) {
  now_ms_ = now_ms;
  if (may_fail_over(response)) return fail_over(response);
  failures_this_round_ = 0;
  switch (stage_) {
    case Stage::authenticate: return receive_token(response, now_ms);
    case Stage::second_factor: return receive_totp(response);
    case Stage::main: return receive_main(response);
    case Stage::finished: return;
  }
}

bool ApiCall::may_fail_over(const sdk::HttpResponse& response) const {
  return response.failed_in_transport() || response.status() >= 500;
}

std::string ApiCall::stage_what() const {
  switch (stage_) {
    case Stage::authenticate: return "the bearer token request";
    case Stage::second_factor: return "the TOTP verification";
    default: return request_.what;
  }
}

void ApiCall::fail_over(const sdk::HttpResponse& response) {
  const auto what = stage_what();
  if (response.failed_in_transport()) {
    if (response.transport_error() == LF_TRANSPORT_REFUSED)
      return finish(sdk::fail(ErrorCode::transport, "The host refused to send " + what + " to Verifalia: " + response.error_message(), false));
    const bool may_have_arrived = response.transport_error() != LF_TRANSPORT_CONNECT;
    if (stage_ == Stage::main && !request_.repeatable && may_have_arrived) {
      may_have_been_processed_ = true;
      return finish(sdk::fail(ErrorCode::transport,
                              "The connection to " + host() + " broke during " + what + " (" + response.error_message() +
                                  "): Verifalia may have created the job, so it is not sent again. Look for it with "
                                  "verifalia.list_jobs before retrying these rows.",
                              false));
    }
  }
  host_index_ = (host_index_ + 1) % settings_.base_urls.size();
  if (++failures_this_round_ < settings_.base_urls.size()) return;  // next(): the next host

  failures_this_round_ = 0;
  ++rounds_;
  // Every failure that reaches this point left Verifalia untouched or was safe to repeat (a
  // submission that may have arrived ended above), so another round is safe for any request.
  if (rounds_ < max_rounds) {
    wait_ = std::chrono::milliseconds(1000LL << (rounds_ - 1));
    wait_pending_ = true;
    return;
  }
  const auto hosts = std::to_string(settings_.base_urls.size()) + " Verifalia host(s)";
  if (response.failed_in_transport()) {
    const auto code = response.transport_error() == LF_TRANSPORT_TIMEOUT ? ErrorCode::timeout : ErrorCode::transport;
    return finish(sdk::fail(code, "Every one of the " + hosts + " failed " + what + "; the last said: " + response.error_message() +
                                      ". Retry later.",
                            true));
  }
  auto failure = failure_for(response, what);
  failure.json["message"] = "Every one of the " + hosts + " failed " + what + ". " + failure.json["message"].get<std::string>();
  finish(std::move(failure));
}

void ApiCall::receive_token(const sdk::HttpResponse& response, std::int64_t now_ms) {
  if (!response.ok()) return finish(failure_for(response, "the bearer token request (POST /auth/tokens)"));
  auto token = parse_access_token(response.body());
  if (!token) return finish(unreadable(response, "the bearer token request"));
  if (token->needs_totp()) {
    if (settings_.totp_secret.empty())
      return finish(sdk::fail(ErrorCode::auth_failed,
                              "Verifalia asks this user for a TOTP second factor: set totp_secret (the authenticator's base32 secret).",
                              false, response.status()));
    pending_mfa_token_ = std::move(token);
    totp_attempts_ = 0;
    stage_ = Stage::second_factor;
    return;
  }
  if (!token->fresh_at(now_ms))
    return finish(sdk::fail(ErrorCode::bad_response, "Verifalia issued a bearer token that has already expired; check this machine's clock.",
                            true, response.status()));
  session_.keep(*token);
  token_ = std::move(token);
  stage_ = Stage::main;
}

void ApiCall::receive_totp(const sdk::HttpResponse& response) {
  if (response.status() == 401 && ++totp_attempts_ < 3) return;  // next(): the neighbouring time step
  if (!response.ok()) {
    auto failure = failure_for(response, "the TOTP verification (POST /auth/totp/verifications)");
    if (response.status() == 401) failure.json["message"] = "Verifalia refused the TOTP codes computed from totp_secret (HTTP 401): "
                                                            "check the secret and this machine's clock.";
    return finish(std::move(failure));
  }
  auto token = parse_access_token(response.body());
  if (!token || token->needs_totp()) return finish(unreadable(response, "the TOTP verification"));
  session_.keep(*token);
  token_ = std::move(token);
  pending_mfa_token_.reset();
  stage_ = Stage::main;
}

void ApiCall::receive_main(const sdk::HttpResponse& response) {
  // A bearer token may be revoked or expire early: drop it and authenticate once more.
  if (response.status() == 401 && settings_.auth == AuthMethod::bearer && !refreshed_after_401_) {
    refreshed_after_401_ = true;
    if (token_) session_.forget(token_->value);
    token_.reset();
    return;
  }
  // A token refused twice is not kept for the next operation either.
  if (response.status() == 401 && token_) session_.forget(token_->value);
  response_ = response;
  stage_ = Stage::finished;
}

void ApiCall::finish(sdk::Outcome failure) {
  failure_ = std::move(failure);
  stage_ = Stage::finished;
}

}  // namespace leadflow::verifalia
