// How a redirect response turns into the next request (RFC 9110 §15.4). Pure logic, no Asio.
#pragma once

#include "http/http_message.hpp"
#include "http/origin.hpp"

#include <optional>
#include <string_view>
#include <variant>

namespace leadflow::http {

// The Location to follow, when `response` is a 301/302/303/307/308 that names one.
std::optional<std::string_view> redirect_location(const Response& response);

// The request to send after `sent` (which went to `from`) was answered with `status` and
// `location`: the URL resolved against the one sent; 303 turns into a GET without a body;
// credentials (Authorization, Cookie) are dropped when the origin changes.
std::variant<Request, Error> redirected_request(const Request& sent, const Origin& from, int status, std::string_view location);

}  // namespace leadflow::http
