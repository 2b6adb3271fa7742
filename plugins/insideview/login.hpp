// The token endpoint (research, IV-KB "[POST] - New Token"): POST login_url with clientId,
// clientSecret and grantType=cred, answered {"accessTokenDetails": {"accessToken", "tokenType",
// "expirationTime": "Tue, Jul 21, 2015 09:08:17 PM GMT"}}.
#pragma once

#include "settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadflow::insideview {

struct TokenGrant {
  std::string token;
  std::optional<std::int64_t> expires_ms;  // Unix ms; nullopt when InsideView did not say
};

sdk::HttpRequest login_request(const Settings& settings);

// The token of a 2xx answer (JSON, or the XML of the /token variant); nullopt when there is none.
std::optional<TokenGrant> parse_token(const sdk::HttpResponse& response);

// "Tue, Jul 21, 2015 09:08:17 PM GMT" -> Unix ms; nullopt when it is not that format.
std::optional<std::int64_t> parse_expiration_time(std::string_view text);

}  // namespace leadflow::insideview
