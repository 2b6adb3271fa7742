// One pooled connection's streams and teardown; see connection.hpp.
#include "http/connection.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>

#include <openssl/x509v3.h>

namespace leadflow::http {

Connection::Connection(boost::asio::io_context& io, boost::asio::ssl::context& tls, const Origin& origin)
    : resolver(io), idle_timer(io) {
  if (origin.uses_tls())
    tls_ = std::make_unique<TlsStream>(io, tls);
  else
    plain_ = std::make_unique<boost::beast::tcp_stream>(io);
}

boost::beast::tcp_stream& Connection::tcp() { return tls_ ? tls_->next_layer() : *plain_; }

std::string Connection::prepare_tls_session(const Origin& origin) {
  SSL* session = tls_->native_handle();
  // Telling OpenSSL the expected name lets it report "hostname mismatch" / "IP address mismatch"
  // itself; host_name_verification below enforces the same rule.
  if (origin.host_is_ip_literal) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(session), origin.host.c_str()) != 1)
      return "could not set the TLS address to verify for " + origin.display();
  } else {
    // SNI: servers hosting many names choose the certificate from it (RFC 6066: names only).
    if (SSL_set_tlsext_host_name(session, origin.host.c_str()) != 1)
      return "could not set the TLS server name (SNI) for " + origin.display();
    if (SSL_set1_host(session, origin.host.c_str()) != 1) return "could not set the TLS host name to verify for " + origin.display();
  }
  tls_->set_verify_callback(boost::asio::ssl::host_name_verification(origin.host));
  return "";
}

void Connection::close() {
  resolver.cancel();
  idle_timer.cancel();
  tcp().close();
}

}  // namespace leadflow::http
