// Where a request goes: the origin (scheme, host, port) that keys the connection pool and names
// the server in error messages, plus the request-target. No Asio here.
#pragma once

#include "http/http_message.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace leadflow::http {

struct Origin {
  std::string scheme;             // "http" or "https"
  std::string host;               // as written in the URL, lower-cased; IPv6 without brackets
  std::uint16_t port = 0;         // explicit or the scheme's default
  bool host_is_ip_literal = false;
  bool host_is_loopback = false;  // 127.0.0.0/8, ::1, localhost

  bool uses_tls() const { return scheme == "https"; }
  // "https://host:443": how errors name the server (never path, query or credentials).
  std::string display() const;
  // The Host header value: host, plus ":port" when it is not the scheme's default.
  std::string host_header() const;
  // The key of this origin's connection pool.
  std::string key() const { return display(); }
};

struct Target {
  Origin origin;
  std::string request_target;     // path and query, "/" at least; never the fragment
};

// Parses an absolute http:// or https:// URL. A malformed URL, another scheme, or plain http to
// a host that is not loopback is an Error{refused} (nothing is sent).
std::variant<Target, Error> parse_target(std::string_view url);

}  // namespace leadflow::http
