// The values that cross the HTTP client's boundary: what the engine asks for and what comes back.
// Plain data, no Asio, so every module can include it cheaply.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace leadflow::http {

struct Header {
  std::string name;
  std::string value;
};

// A TLS client certificate (mutual TLS): paths of a PEM certificate chain (leaf first) and of
// its private key. The client reads the files itself, on first use of the identity.
struct ClientIdentity {
  std::string certificate_file;
  std::string key_file;
  bool operator==(const ClientIdentity&) const = default;
  auto operator<=>(const ClientIdentity&) const = default;
};

struct Request {
  std::string method = "GET";
  std::string url;                                  // absolute http:// or https://
  std::vector<Header> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};         // whole exchange: connect + TLS + write + read
  // Safe to send twice. When a reused keep-alive connection dies after the request was written
  // and before any answer, only an idempotent request is resent: the server may have acted on it.
  bool idempotent = false;
  // Presented during the TLS handshake (https only). Connections made with an identity are
  // pooled apart from those made with another one or none.
  std::optional<ClientIdentity> client_identity;
};

struct Response {
  int status = 0;
  std::vector<Header> headers;                      // names lower-cased
  std::string body;                                 // decoded (chunked handled by Beast)

  // The first header with this (lower-case) name, if the server sent one.
  std::optional<std::string_view> header(std::string_view lower_case_name) const;
};

enum class ErrorKind { connect, tls, timeout, protocol, refused };

// message: what failed, for which origin (scheme://host:port, never the path/query or headers),
// and a hint on what to do.
struct Error {
  ErrorKind kind;
  std::string message;
};

using Result = std::variant<Response, Error>;

}  // namespace leadflow::http
