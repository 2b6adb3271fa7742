// Makes a throw-away self-signed certificate for "localhost" at test time, so the TLS tests
// need no fixture files that expire. Test-only.
#pragma once

#include "http/loopback_test_server.hpp"

namespace leadflow::http::testing {

// A P-256 key and a certificate for CN/SAN "localhost", valid from now for one day.
TlsIdentity make_self_signed_localhost_identity();

}  // namespace leadflow::http::testing
