// One pooled connection to an origin: a TCP stream, with TLS on top for https, plus the read
// buffer and idle timer that belong to it. Private to the http module (it includes Beast).
#pragma once

#include "http/origin.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace leadflow::http {

// THREAD: the io_context's thread only.
class Connection {
 public:
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  // For https origins `tls` is used to create the TLS session; plain http ignores it.
  Connection(boost::asio::io_context& io, boost::asio::ssl::context& tls, const Origin& origin);

  boost::beast::tcp_stream& tcp();
  TlsStream* tls() { return tls_.get(); }   // null for plain http

  // Calls f with the stream requests are written to and responses read from.
  template <class F>
  void with_stream(F&& f) {
    if (tls_)
      f(*tls_);
    else
      f(*plain_);
  }

  // Prepares the TLS session before the handshake: SNI (for names, never IP literals) and
  // verification that the certificate names the origin's host. Returns an error sentence or "".
  std::string prepare_tls_session(const Origin& origin);

  // Cancels whatever is pending on this connection (resolve, connect, I/O, idle wait) and
  // closes the socket. Safe to call more than once.
  void close();
  bool is_open() { return tcp().socket().is_open(); }

  boost::asio::ip::tcp::resolver resolver;
  boost::beast::flat_buffer buffer;
  boost::asio::steady_timer idle_timer;
  std::chrono::steady_clock::time_point idle_since;
  bool established = false;  // connected (and TLS handshake done)
  bool reused = false;       // already carried a complete exchange, so the server may have dropped it

 private:
  std::unique_ptr<boost::beast::tcp_stream> plain_;
  std::unique_ptr<TlsStream> tls_;
};

}  // namespace leadflow::http
