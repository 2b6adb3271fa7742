// The client's front door: checks and builds each request, picks the pool of its origin and
// client certificate, follows redirects, and shuts everything down on request; see http_client.hpp.
#include "http/http_client.hpp"

#include "http/exchange.hpp"
#include "http/origin_pool.hpp"
#include "http/redirect.hpp"
#include "http/tls_context.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <variant>
#include <strings.h>

namespace leadflow::http {
namespace beast_http = boost::beast::http;
namespace {

// RFC 9110 token characters: what a method and a header name may contain.
bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  });
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// Refuses what would corrupt the request on the wire (names only, never header values: they may
// hold secrets).
std::optional<Error> malformed_request_error(const Request& request, const Origin& origin) {
  if (!is_token(request.method))
    return Error{ErrorKind::refused, "refusing a request to " + origin.display() + ": the method is not a valid HTTP method name"};
  for (const auto& header : request.headers) {
    if (!is_token(header.name))
      return Error{ErrorKind::refused, "refusing a request to " + origin.display() + ": a header name is empty or has characters HTTP does not allow"};
    if (has_line_break(header.value))
      return Error{ErrorKind::refused, "refusing a request to " + origin.display() + ": the value of header '" + header.name +
                                           "' contains a line break"};
  }
  return std::nullopt;
}

bool is_framing_header(const Header& header) {
  return strcasecmp(header.name.c_str(), "host") == 0 || strcasecmp(header.name.c_str(), "content-length") == 0 ||
         strcasecmp(header.name.c_str(), "transfer-encoding") == 0;
}

// Host and Content-Length are always the client's; other caller headers win over the defaults.
Exchange::Message to_message(const Request& request, const Target& target, const std::string& user_agent) {
  Exchange::Message message;
  message.version(11);
  if (auto verb = beast_http::string_to_verb(request.method); verb != beast_http::verb::unknown)
    message.method(verb);
  else
    message.method_string(request.method);
  message.target(target.request_target);
  message.set(beast_http::field::user_agent, user_agent);
  for (const auto& header : request.headers)
    if (!is_framing_header(header)) message.set(header.name, header.value);
  message.set(beast_http::field::host, target.origin.host_header());
  message.body() = request.body;
  message.prepare_payload();
  return message;
}

}  // namespace

class Client::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, ClientOptions options)
      : io_(io), options_(std::move(options)), tls_(std::make_shared<boost::asio::ssl::context>(make_tls_context(options_.ca_file))) {}

  void send(Request request, std::function<void(Result)> on_done) {
    auto transfer = std::make_shared<Transfer>(Transfer{std::move(request), std::move(on_done)});
    boost::asio::post(io_, [self = shared_from_this(), transfer] { self->send_hop(transfer); });
  }

  void shutdown() {
    shutting_down_ = true;
    for (auto& [key, pool] : pools_) pool->shutdown();
  }

  std::size_t open_connections() const {
    std::size_t open = 0;
    for (const auto& [key, pool] : pools_) open += pool->open_connections();
    return open;
  }

 private:
  // One call to send(): the request as it stands after the redirects followed so far.
  struct Transfer {
    Request request;
    std::function<void(Result)> on_done;
    int redirects_followed = 0;
  };

  void send_hop(const std::shared_ptr<Transfer>& transfer) {
    if (shutting_down_) return deliver(*transfer, shutting_down_error());
    auto parsed = parse_target(transfer->request.url);
    if (auto* error = std::get_if<Error>(&parsed)) return deliver(*transfer, std::move(*error));
    auto& target = std::get<Target>(parsed);
    if (auto error = malformed_request_error(transfer->request, target.origin)) return deliver(*transfer, std::move(*error));
    auto pool = pool_for(target.origin, transfer->request.client_identity);
    if (auto* error = std::get_if<Error>(&pool)) return deliver(*transfer, std::move(*error));
    auto exchange = std::make_shared<Exchange>(
        io_, std::get<std::shared_ptr<OriginPool>>(pool), to_message(transfer->request, target, options_.user_agent),
        ExchangeLimits{transfer->request.timeout, options_.max_response_bytes, transfer->request.idempotent,
                       options_.max_idle_for_unsafe},
        [self = shared_from_this(), transfer, origin = target.origin](Result result) { self->on_hop_done(transfer, origin, std::move(result)); });
    exchange->start();
  }

  void on_hop_done(const std::shared_ptr<Transfer>& transfer, const Origin& origin, Result result) {
    auto* response = std::get_if<Response>(&result);
    auto location = response ? redirect_location(*response) : std::nullopt;
    if (!location) return deliver(*transfer, std::move(result));
    if (transfer->redirects_followed >= options_.max_redirects)
      return deliver(*transfer, Error{ErrorKind::protocol, fmt::format("{} redirected more than {} times (max_redirects); the provider's URL may loop",
                                                                       origin.display(), options_.max_redirects)});
    auto next = redirected_request(transfer->request, origin, response->status, *location);
    if (auto* error = std::get_if<Error>(&next)) return deliver(*transfer, std::move(*error));
    transfer->request = std::move(std::get<Request>(next));
    ++transfer->redirects_followed;
    send_hop(transfer);
  }

  static void deliver(Transfer& transfer, Result result) {
    auto on_done = std::move(transfer.on_done);
    on_done(std::move(result));
  }

  // The pool of connections to `origin` made with `identity` (or with none): a connection never
  // carries requests of another identity.
  std::variant<std::shared_ptr<OriginPool>, Error> pool_for(const Origin& origin, const std::optional<ClientIdentity>& identity) {
    PoolKey key{origin.key(), identity};
    if (auto found = pools_.find(key); found != pools_.end()) return found->second;
    auto tls = tls_context_for(origin, identity);
    if (auto* error = std::get_if<Error>(&tls)) return std::move(*error);
    return pools_[std::move(key)] = std::make_shared<OriginPool>(io_, std::get<std::shared_ptr<boost::asio::ssl::context>>(tls), origin,
                                                                 PoolLimits{options_.max_connections_per_origin, options_.idle_timeout});
  }

  // The shared context, or the one of `identity`, loaded on first use and kept for the client's
  // life. A file that fails to load is tried again by the next request (it may have been fixed).
  std::variant<std::shared_ptr<boost::asio::ssl::context>, Error> tls_context_for(const Origin& origin,
                                                                                   const std::optional<ClientIdentity>& identity) {
    if (!identity) return tls_;
    if (!origin.uses_tls())
      return Error{ErrorKind::refused, "refusing a request to " + origin.display() +
                                           ": a client certificate can only be presented over https; use the provider's https URL"};
    if (auto found = identity_tls_.find(*identity); found != identity_tls_.end()) return found->second;
    auto made = make_client_identity_context(options_.ca_file, *identity);
    if (auto* problem = std::get_if<std::string>(&made))
      return Error{ErrorKind::tls, "no TLS connection to " + origin.display() + ": " + *problem};
    return identity_tls_[*identity] = std::get<std::shared_ptr<boost::asio::ssl::context>>(made);
  }

  struct PoolKey {
    std::string origin;
    std::optional<ClientIdentity> identity;
    auto operator<=>(const PoolKey&) const = default;
  };

  boost::asio::io_context& io_;
  ClientOptions options_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::map<ClientIdentity, std::shared_ptr<boost::asio::ssl::context>> identity_tls_;
  std::map<PoolKey, std::shared_ptr<OriginPool>> pools_;
  bool shutting_down_ = false;
};

Client::Client(boost::asio::io_context& io, ClientOptions options) : impl_(std::make_shared<Impl>(io, std::move(options))) {}

Client::~Client() { impl_->shutdown(); }

void Client::send(Request request, std::function<void(Result)> on_done) { impl_->send(std::move(request), std::move(on_done)); }

void Client::shutdown() { impl_->shutdown(); }

std::size_t Client::open_connections() const { return impl_->open_connections(); }

}  // namespace leadflow::http
