// The client's TLS policy in one place: what it trusts, which client certificate it presents,
// and how a TLS failure is explained.
// Private to the http module (it includes Asio.SSL).
#pragma once

#include "http/http_message.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <variant>

namespace leadflow::http {

// A TLS client context that verifies peers against the system store plus `ca_file` (PEM, may be
// empty). Throws std::runtime_error naming ca_file when it cannot be loaded.
boost::asio::ssl::context make_tls_context(const std::string& ca_file);

// A context like make_tls_context(ca_file) that also presents `identity` as the client
// certificate. A file that cannot be loaded gives an error sentence naming the file, the reason
// and what to do (never any key material); an encrypted key is refused, not prompted for.
std::variant<std::shared_ptr<boost::asio::ssl::context>, std::string> make_client_identity_context(const std::string& ca_file,
                                                                                                   const ClientIdentity& identity);

// OpenSSL's reason for a failed handshake, with the certificate verdict when there is one,
// e.g. "certificate verify failed (self-signed certificate)".
std::string tls_failure_reason(const boost::system::error_code& error, SSL* session);

}  // namespace leadflow::http
