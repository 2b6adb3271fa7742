// The tests' blocking HTTP client; see loopback_client.hpp.
#include <leadflow/sandbox/form_encoding.hpp>
#include <leadflow/sandbox/loopback_client.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace leadflow::sandbox {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct LoopbackClient::Impl {
  std::uint16_t port;
  asio::io_context io;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;

  void connect() {
    socket.emplace(io);
    socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
  }
};

std::string ClientResponse::header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? std::string() : it->second;
}

nlohmann::json ClientResponse::json() const { return nlohmann::json::parse(body); }

LoopbackClient::LoopbackClient(std::uint16_t port) : impl_(std::make_unique<Impl>()) { impl_->port = port; }

LoopbackClient::~LoopbackClient() = default;

ClientResponse LoopbackClient::request(const std::string& method, const std::string& target, const std::string& body,
                                       const std::map<std::string, std::string>& headers) {
  if (!impl_->socket || !impl_->socket->is_open()) impl_->connect();
  http::request<http::string_body> message{http::string_to_verb(method), target, 11};
  message.set(http::field::host, "127.0.0.1:" + std::to_string(impl_->port));
  for (const auto& [name, value] : headers) message.set(name, value);
  message.body() = body;
  message.keep_alive(true);
  message.prepare_payload();

  beast::error_code ec;
  http::write(*impl_->socket, message, ec);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (!ec) http::read(*impl_->socket, impl_->buffer, parser, ec);
  if (ec) {
    impl_->socket.reset();
    throw ConnectionDropped("The server closed the connection before a complete answer to " + method + " " + target + " (" +
                            ec.message() + ").");
  }
  auto& answer = parser.get();
  ClientResponse response;
  response.status = static_cast<int>(answer.result_int());
  for (const auto& field : answer) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    response.headers[name] = std::string(field.value());
  }
  response.body = answer.body();
  if (!answer.keep_alive()) impl_->socket.reset();
  return response;
}

ClientResponse LoopbackClient::get(const std::string& target, const std::map<std::string, std::string>& headers) {
  return request("GET", target, "", headers);
}

ClientResponse LoopbackClient::post_form(const std::string& target, const std::map<std::string, std::string>& fields,
                                         const std::map<std::string, std::string>& headers) {
  auto all = headers;
  all.emplace("Content-Type", "application/x-www-form-urlencoded");
  return request("POST", target, encode_form(fields), all);
}

ClientResponse LoopbackClient::post_json(const std::string& target, const nlohmann::json& body) {
  return request("POST", target, body.dump(), {{"Content-Type", "application/json"}});
}

std::string LoopbackClient::basic_authorization(const std::string& user, const std::string& password) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string plain = user + ":" + password;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : plain) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 0x3F];
  while (out.size() % 4 != 0) out += '=';
  return "Basic " + out;
}

}  // namespace leadflow::sandbox
