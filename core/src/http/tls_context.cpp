// Certificate trust and TLS error wording for the HTTP client; see tls_context.hpp.
#include "http/tls_context.hpp"

#include <boost/asio/ssl/error.hpp>

#include <openssl/err.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace leadflow::http {

boost::asio::ssl::context make_tls_context(const std::string& ca_file) {
  namespace ssl = boost::asio::ssl;
  ssl::context context(ssl::context::tls_client);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  context.set_verify_mode(ssl::verify_peer);
  boost::system::error_code error;
  context.set_default_verify_paths(error);  // a machine without a system store can still use ca_file
  if (!ca_file.empty()) {
    context.load_verify_file(ca_file, error);
    if (error)
      throw std::runtime_error("the HTTP client could not load the CA bundle ca_file '" + ca_file + "': " + error.message() +
                               "; point ca_file at a readable PEM file");
  }
  return context;
}

std::string tls_failure_reason(const boost::system::error_code& error, SSL* session) {
  std::string reason;
  if (error.category() == boost::asio::error::get_ssl_category()) {
    const char* openssl_reason = ERR_reason_error_string(static_cast<unsigned long>(error.value()));
    reason = openssl_reason ? openssl_reason : error.message();
  } else {
    reason = error.message();
  }
  const long verdict = SSL_get_verify_result(session);
  if (verdict != X509_V_OK) reason += std::string(" (") + X509_verify_cert_error_string(verdict) + ")";
  return reason;
}

}  // namespace leadflow::http
