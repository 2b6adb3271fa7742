// VoilaNorbert's API (2018-01-08) as documented: Basic auth with the key as password, form-encoded
// requests, the name search answered asynchronously through GET /contacts/{id}, the paged domain
// search, contacts and lists, bulk searches (/massives/), verification and enrichment jobs
// (upload, status, pause/resume, CSV download) with webhooks retried twice, credits charged only
// when an email is found and never twice per contact, separate verify and enrich balances,
// X-RateLimit-* headers, 429 without Retry-After.
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <string_view>

namespace leadflow::voilanorbert_sim {

inline constexpr std::string_view api_key = "sandbox-voilanorbert-key";
inline constexpr std::string_view api_root = "/2018-01-08";
// Announced as the plugin's webhook_url: the API refuses uploads without a webhook, and the
// sandbox never calls a receiver off the machine, so this one only shows up as failed attempts
// at GET /_sandbox/webhooks. Results are collected by polling and downloading.
inline constexpr std::string_view sandbox_webhook_url = "https://webhooks.sandbox.invalid/voilanorbert";

// Installs every documented endpoint under api_root, plus GET /_sandbox/webhooks (each webhook
// and its attempts), and announces {"api_key": api_key, "webhook_url": sandbox_webhook_url}.
void install_routes(sandbox::Server& server, sandbox::SimulatorContext& context);

}  // namespace leadflow::voilanorbert_sim
