// The client's TLS policy in one place: what it trusts, and how a TLS failure is explained.
// Private to the http module (it includes Asio.SSL).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>

#include <string>

namespace leadflow::http {

// A TLS client context that verifies peers against the system store plus `ca_file` (PEM, may be
// empty). Throws std::runtime_error naming ca_file when it cannot be loaded.
boost::asio::ssl::context make_tls_context(const std::string& ca_file);

// OpenSSL's reason for a failed handshake, with the certificate verdict when there is one,
// e.g. "certificate verify failed (self-signed certificate)".
std::string tls_failure_reason(const boost::system::error_code& error, SSL* session);

}  // namespace leadflow::http
