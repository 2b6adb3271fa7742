// Splits a request URL into the origin and request-target, and applies the plain-http policy.
#include "http/origin.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

namespace leadflow::http {
namespace {

std::string lower_cased(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::uint16_t default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

std::string bracketed_host(const Origin& origin) {
  if (origin.host.find(':') != std::string::npos) return "[" + origin.host + "]";
  return origin.host;
}

bool is_loopback_name(std::string_view host) { return host == "localhost" || host == "localhost."; }

Origin origin_of(boost::urls::url_view url, std::string scheme) {
  Origin origin;
  origin.scheme = std::move(scheme);
  origin.host = lower_cased(std::string(url.host_address()));
  origin.port = url.has_port() && url.port_number() != 0 ? url.port_number() : default_port(origin.scheme);
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
      origin.host_is_ip_literal = true;
      origin.host_is_loopback = url.host_ipv4_address().is_loopback();
      break;
    case boost::urls::host_type::ipv6:
      origin.host_is_ip_literal = true;
      origin.host_is_loopback = url.host_ipv6_address().is_loopback();
      break;
    default:
      origin.host_is_loopback = is_loopback_name(origin.host);
  }
  return origin;
}

std::string request_target_of(boost::urls::url_view url) {
  std::string target(url.encoded_path());
  if (target.empty()) target = "/";
  if (url.has_query()) target += "?" + std::string(url.encoded_query());
  return target;
}

}  // namespace

std::string Origin::display() const { return scheme + "://" + bracketed_host(*this) + ":" + std::to_string(port); }

std::string Origin::host_header() const {
  if (port == default_port(scheme)) return bracketed_host(*this);
  return bracketed_host(*this) + ":" + std::to_string(port);
}

std::variant<Target, Error> parse_target(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_authority() || parsed->host_address().empty())
    return Error{ErrorKind::refused,
                 "refusing a request whose URL is not an absolute http:// or https:// URL; check the provider's base URL"};
  auto scheme = lower_cased(std::string(parsed->scheme()));
  if (scheme != "http" && scheme != "https")
    return Error{ErrorKind::refused, "refusing a request with URL scheme '" + scheme + "'; only http:// and https:// are supported"};
  Target target{origin_of(*parsed, std::move(scheme)), request_target_of(*parsed)};
  if (!target.origin.uses_tls() && !target.origin.host_is_loopback)
    return Error{ErrorKind::refused, "refusing plain http to " + target.origin.host + "; use https"};
  return target;
}

}  // namespace leadflow::http
