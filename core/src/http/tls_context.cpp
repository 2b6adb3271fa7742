// Certificate trust and TLS error wording for the HTTP client; see tls_context.hpp.
#include "http/tls_context.hpp"

#include <boost/asio/ssl/error.hpp>

#include <openssl/err.h>
#include <openssl/x509.h>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

namespace leadflow::http {
namespace {

std::string openssl_reason(const boost::system::error_code& error) {
  if (error.category() != boost::asio::error::get_ssl_category()) return error.message();
  const char* reason = ERR_reason_error_string(static_cast<unsigned long>(error.value()));
  return reason ? reason : error.message();
}

// Why a PEM file was not usable: missing, unreadable, or OpenSSL's reason about its content
// (e.g. "no start line", "key values mismatch").
std::string file_problem(const std::string& path, const boost::system::error_code& error) {
  std::error_code status_error;
  if (!std::filesystem::exists(path, status_error)) return "the file does not exist";
  if (::access(path.c_str(), R_OK) != 0) return "the file is not readable by this user";
  return openssl_reason(error);
}

}  // namespace

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

std::variant<std::shared_ptr<boost::asio::ssl::context>, std::string> make_client_identity_context(const std::string& ca_file,
                                                                                                   const ClientIdentity& identity) {
  auto context = std::make_shared<boost::asio::ssl::context>(make_tls_context(ca_file));
  // Without a callback OpenSSL would ask for an encrypted key's passphrase on the terminal.
  context->set_password_callback([](std::size_t, boost::asio::ssl::context::password_purpose) { return std::string(); });
  boost::system::error_code error;
  context->use_certificate_chain_file(identity.certificate_file, error);
  if (error)
    return "could not load the client certificate '" + identity.certificate_file + "': " + file_problem(identity.certificate_file, error) +
           "; point the client certificate setting at a readable PEM file holding the certificate chain, leaf first";
  context->use_private_key_file(identity.key_file, boost::asio::ssl::context::pem, error);
  if (error)
    return "could not load the client key '" + identity.key_file + "': " + file_problem(identity.key_file, error) +
           "; point the client key setting at the readable, unencrypted PEM private key of '" + identity.certificate_file + "'";
  return context;
}

std::string tls_failure_reason(const boost::system::error_code& error, SSL* session) {
  std::string reason = openssl_reason(error);
  const long verdict = SSL_get_verify_result(session);
  if (verdict != X509_V_OK) reason += std::string(" (") + X509_verify_cert_error_string(verdict) + ")";
  return reason;
}

}  // namespace leadflow::http
