// A small blocking HTTP/1.1 client for simulator tests: one keep-alive connection to a loopback
// port, no retries, so a test sees exactly what the simulator sent (or that it hung up).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace leadflow::sandbox {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;

  std::string header(const std::string& lower_case_name) const;
  nlohmann::json json() const;  // throws nlohmann::json::parse_error on a broken body
};

// Thrown when the server closes the connection before a complete answer.
struct ConnectionDropped : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// THREAD: one thread at a time.
class LoopbackClient {
 public:
  explicit LoopbackClient(std::uint16_t port);
  ~LoopbackClient();
  LoopbackClient(const LoopbackClient&) = delete;
  LoopbackClient& operator=(const LoopbackClient&) = delete;

  // Sends one request (connecting first if needed) and reads the whole answer.
  ClientResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {});
  ClientResponse get(const std::string& target, const std::map<std::string, std::string>& headers = {});
  // POST with an x-www-form-urlencoded body.
  ClientResponse post_form(const std::string& target, const std::map<std::string, std::string>& fields,
                           const std::map<std::string, std::string>& headers = {});
  ClientResponse post_json(const std::string& target, const nlohmann::json& body);

  // "Basic base64(user:password)", for an Authorization header.
  static std::string basic_authorization(const std::string& user, const std::string& password);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadflow::sandbox
