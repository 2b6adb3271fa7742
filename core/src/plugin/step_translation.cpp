// Event and action translation; see step_translation.hpp. Plugin structs are read following
// the ABI's extensible-struct rules: fields beyond struct_size count as zero, and a plugin
// struct larger than the host's must have an all-zero tail (else it asks for something this
// host cannot do).
#include "plugin/step_translation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace leadflow::plugin {
namespace {

constexpr std::size_t http_request_size_1_0 = LF_HTTP_REQUEST_SIZE_1_0;

lf_str borrow(const std::string& text) { return lf_str{text.data(), text.size()}; }

std::string copy_string(lf_str text, std::string_view what) {
  if (text.len == 0) return {};
  if (!text.ptr) throw InvalidAction(fmt::format("{} has a NULL pointer with length {}", what, text.len));
  return std::string(text.ptr, text.len);
}

bool tail_is_zero(const void* object, std::size_t known_size, std::size_t actual_size) {
  const auto* bytes = static_cast<const unsigned char*>(object);
  return std::all_of(bytes + known_size, bytes + actual_size, [](unsigned char b) { return b == 0; });
}

std::vector<std::pair<std::string, std::string>> copy_headers(const lf_header* headers, std::size_t count) {
  if (count > 0 && !headers) throw InvalidAction(fmt::format("the HTTP request has {} headers but a NULL header array", count));
  std::vector<std::pair<std::string, std::string>> copied;
  copied.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    copied.emplace_back(copy_string(headers[i].name, "an HTTP header name"), copy_string(headers[i].value, "an HTTP header value"));
  return copied;
}

// ABI 1.1 fields; a 1.0 plugin's struct ends before them, so they read as zero (no identity).
void read_client_identity(const lf_http_request& request, HttpAction& http) {
  http.client_certificate = copy_string(request.client_certificate, "the client certificate path");
  http.client_key = copy_string(request.client_key, "the client key path");
  if (http.client_certificate.empty() != http.client_key.empty())
    throw InvalidAction(http.client_certificate.empty() ? "its HTTP request names a client key but no client certificate"
                                                        : "its HTTP request names a client certificate but no client key");
}

HttpAction read_http_request(const lf_http_request* offered) {
  if (!offered) throw InvalidAction("it answered an HTTP action without a request (http is NULL)");
  if (offered->struct_size < http_request_size_1_0)
    throw InvalidAction(fmt::format("its HTTP request struct_size is {}, smaller than the {} bytes of the ABI 1.0 layout",
                                    offered->struct_size, http_request_size_1_0));
  if (offered->struct_size > sizeof(lf_http_request) && !tail_is_zero(offered, sizeof(lf_http_request), offered->struct_size))
    throw InvalidAction(fmt::format("unsupported HTTP request: it sets fields beyond the {} bytes this host knows (struct_size {}); "
                                    "the plugin needs a newer leadflow",
                                    sizeof(lf_http_request), offered->struct_size));
  lf_http_request request{};
  std::memcpy(&request, offered, std::min<std::size_t>(offered->struct_size, sizeof request));

  HttpAction http;
  http.method = copy_string(request.method, "the HTTP method");
  http.url = copy_string(request.url, "the HTTP URL");
  if (http.method.empty()) throw InvalidAction("its HTTP request has an empty method");
  if (http.url.empty()) throw InvalidAction("its HTTP request has an empty URL");
  http.headers = copy_headers(request.headers, request.header_count);
  http.body = copy_string(request.body, "the HTTP body");
  http.timeout_ms = request.timeout_ms;
  http.idempotent = (request.flags & LF_HTTP_IDEMPOTENT) != 0;
  http.rate_limit_key = copy_string(request.rate_limit_key, "the rate-limit key");
  http.expected_cost = request.expected_cost;
  read_client_identity(request, http);
  return http;
}

}  // namespace

CEvent::CEvent(const Event& event) {
  headers_.reserve(event.headers.size());
  for (const auto& [name, value] : event.headers) headers_.push_back({borrow(name), borrow(value)});
  event_.struct_size = sizeof(lf_event);
  event_.kind = static_cast<int32_t>(event.kind);
  event_.http_status = event.http_status;
  event_.headers = headers_.empty() ? nullptr : headers_.data();
  event_.header_count = headers_.size();
  event_.body = borrow(event.body);
  event_.transport_error = event.transport_error;
  event_.error_message = borrow(event.error_message);
  event_.attempts = event.attempts;
}

Action read_action(const lf_action& action) {
  Action read;
  switch (action.kind) {
    case LF_ACTION_HTTP:
      read.kind = ActionKind::http;
      read.http = read_http_request(action.http);
      return read;
    case LF_ACTION_SLEEP:
      read.kind = ActionKind::sleep;
      read.sleep_ms = action.sleep_ms;
      return read;
    case LF_ACTION_CHECKPOINT:
    case LF_ACTION_DONE:
    case LF_ACTION_FAIL:
      read.kind = static_cast<ActionKind>(action.kind);
      read.json = copy_string(action.json, "the action's json");
      read.credits_spent = action.credits_spent;
      if (read.kind == ActionKind::checkpoint && read.json.empty())
        throw InvalidAction("it answered a checkpoint with no state (empty json)");
      return read;
    default:
      throw InvalidAction(fmt::format("it answered unknown action kind {} (this host knows LF_ACTION_HTTP {} to LF_ACTION_FAIL {})",
                                      action.kind, LF_ACTION_HTTP, LF_ACTION_FAIL));
  }
}

}  // namespace leadflow::plugin
