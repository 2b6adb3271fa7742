// VoilaNorbert's API (2018-01-08) as documented: Basic auth with the key as password, form-encoded
// name search answered asynchronously through GET /contacts/{id}, credits charged only when an
// email is found and never twice per contact, X-RateLimit-* headers, 429 without Retry-After.
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <string_view>

namespace leadflow::voilanorbert_sim {

inline constexpr std::string_view api_key = "sandbox-voilanorbert-key";
inline constexpr std::string_view api_root = "/2018-01-08";

// Installs POST /search/name, GET /contacts/{id}, GET /account/, GET /organization/ and
// GET /organization/credits/ under api_root, and announces {"api_key": api_key}.
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);

}  // namespace leadflow::voilanorbert_sim
