// Generates the TLS tests' certificates with OpenSSL; see self_signed_certificate.hpp.
#include "http/self_signed_certificate.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <random>
#include <stdexcept>

namespace leadflow::http::testing {
namespace {

template <class T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using KeyPointer = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using CertificatePointer = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using BioPointer = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("making the test certificate failed at ") + what);
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  require(extension != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
}

KeyPointer new_key() {
  KeyPointer key(EVP_EC_gen("P-256"));
  require(key != nullptr, "EVP_EC_gen");
  return key;
}

// A version 3 certificate for `key` with subject CN `common_name`, valid from a minute ago for
// a day, with a random serial (two certificates of one issuer must not share a serial). Issuer,
// extensions and signature are the caller's.
CertificatePointer new_certificate(EVP_PKEY* key, const std::string& common_name) {
  CertificatePointer certificate(X509_new());
  require(certificate != nullptr, "X509_new");
  X509_set_version(certificate.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), static_cast<long>(std::random_device{}() & 0x7fffffff));
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 60 * 60);
  X509_set_pubkey(certificate.get(), key);
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  return certificate;
}

CertificatePointer certificate_from_pem(const std::string& pem) {
  BioPointer bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  CertificatePointer certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  require(certificate != nullptr, "PEM_read_bio_X509");
  return certificate;
}

KeyPointer key_from_pem(const std::string& pem) {
  BioPointer bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPointer key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  require(key != nullptr, "PEM_read_bio_PrivateKey");
  return key;
}

std::string pem_of(int (*write)(BIO*, void*), void* object) {
  BioPointer bio(BIO_new(BIO_s_mem()));
  require(write(bio.get(), object) == 1, "PEM_write");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

TlsIdentity identity_of(X509* certificate, EVP_PKEY* key) {
  TlsIdentity identity;
  identity.certificate_pem = pem_of([](BIO* bio, void* x) { return PEM_write_bio_X509(bio, static_cast<X509*>(x)); }, certificate);
  identity.private_key_pem = pem_of(
      [](BIO* bio, void* k) { return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr); }, key);
  return identity;
}

}  // namespace

TlsIdentity make_self_signed_localhost_identity() {
  KeyPointer key = new_key();
  auto certificate = new_certificate(key.get(), "localhost");
  X509_set_issuer_name(certificate.get(), X509_get_subject_name(certificate.get()));
  add_extension(certificate.get(), certificate.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(certificate.get(), certificate.get(), NID_subject_alt_name, "DNS:localhost");
  require(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "X509_sign");
  return identity_of(certificate.get(), key.get());
}

TlsIdentity make_certificate_authority(const std::string& common_name) {
  KeyPointer key = new_key();
  auto certificate = new_certificate(key.get(), common_name);
  X509_set_issuer_name(certificate.get(), X509_get_subject_name(certificate.get()));
  add_extension(certificate.get(), certificate.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(certificate.get(), certificate.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  require(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "X509_sign");
  return identity_of(certificate.get(), key.get());
}

TlsIdentity make_client_certificate(const TlsIdentity& ca, const std::string& common_name) {
  auto ca_certificate = certificate_from_pem(ca.certificate_pem);
  auto ca_key = key_from_pem(ca.private_key_pem);
  KeyPointer key = new_key();
  auto certificate = new_certificate(key.get(), common_name);
  X509_set_issuer_name(certificate.get(), X509_get_subject_name(ca_certificate.get()));
  add_extension(certificate.get(), ca_certificate.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(certificate.get(), ca_certificate.get(), NID_ext_key_usage, "clientAuth");
  require(X509_sign(certificate.get(), ca_key.get(), EVP_sha256()) > 0, "X509_sign");
  return identity_of(certificate.get(), key.get());
}

}  // namespace leadflow::http::testing
