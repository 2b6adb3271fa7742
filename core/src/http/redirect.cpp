// Builds the request that follows a redirect; see redirect.hpp.
#include "http/redirect.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <strings.h>

namespace leadflow::http {
namespace {

bool is_redirect_status(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

bool name_is(const Header& header, const char* name) { return strcasecmp(header.name.c_str(), name) == 0; }

void remove_headers(Request& request, std::initializer_list<const char*> names) {
  std::erase_if(request.headers, [&](const Header& header) {
    return std::any_of(names.begin(), names.end(), [&](const char* name) { return name_is(header, name); });
  });
}

std::optional<std::string> resolved_url(std::string_view base, std::string_view location) {
  auto base_url = boost::urls::parse_uri(base);
  auto reference = boost::urls::parse_uri_reference(location);
  if (!base_url || !reference) return std::nullopt;
  boost::urls::url result(*base_url);
  if (!result.resolve(*reference)) return std::nullopt;
  result.remove_fragment();
  return std::string(result.buffer());
}

}  // namespace

std::optional<std::string_view> redirect_location(const Response& response) {
  if (!is_redirect_status(response.status)) return std::nullopt;
  return response.header("location");
}

std::variant<Request, Error> redirected_request(const Request& sent, const Origin& from, int status, std::string_view location) {
  auto url = resolved_url(sent.url, location);
  if (!url)
    return Error{ErrorKind::protocol, "the redirect from " + from.display() +
                                          " has a Location header that is not a valid URL; the provider's answer is malformed"};
  Request next = sent;
  next.url = std::move(*url);
  if (status == 303 && next.method != "HEAD") {
    next.method = "GET";
    next.body.clear();
    remove_headers(next, {"content-type", "content-length", "content-encoding", "transfer-encoding"});
  }
  auto target = parse_target(next.url);
  if (auto* next_target = std::get_if<Target>(&target); next_target && next_target->origin.key() != from.key()) {
    remove_headers(next, {"authorization", "proxy-authorization", "cookie"});
    next.client_identity.reset();  // credentials, like the headers: for the origin they were given for
  }
  return next;
}

}  // namespace leadflow::http
