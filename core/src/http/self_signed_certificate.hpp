// Makes throw-away certificates at test time (a self-signed one for "localhost", a CA and
// client certificates it signs), so the TLS tests need no fixture files that expire. Test-only.
#pragma once

#include "http/loopback_test_server.hpp"

#include <string>

namespace leadflow::http::testing {

// A P-256 key and a certificate for CN/SAN "localhost", valid from now for one day.
TlsIdentity make_self_signed_localhost_identity();

// A self-signed CA certificate (CN `common_name`, CA:TRUE) and its key, valid for one day.
TlsIdentity make_certificate_authority(const std::string& common_name);

// A client certificate for CN `common_name` (extendedKeyUsage clientAuth) signed by `ca`, and
// its own key, valid for one day.
TlsIdentity make_client_certificate(const TlsIdentity& ca, const std::string& common_name);

}  // namespace leadflow::http::testing
