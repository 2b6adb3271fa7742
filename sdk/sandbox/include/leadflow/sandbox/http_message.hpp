// What a simulator route sees and answers: one HTTP request, already parsed and decoded, and
// the response it returns. Plain data, no Asio, so route code compiles fast.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leadflow::sandbox {

struct BasicCredentials {
  std::string user;
  std::string password;
};

struct Request {
  std::string method;                              // "GET", "POST", ...
  std::string path;                                // percent-decoded, without the query
  std::map<std::string, std::string> query;        // decoded; the last value wins
  // Every query parameter in order, repeats kept: `emails[]=a&emails[]=b` is two entries.
  std::vector<std::pair<std::string, std::string>> query_params;
  std::map<std::string, std::string> headers;      // names lower-case
  std::string body;
  std::map<std::string, std::string> path_params;  // "{id}" segments of the matched route

  // Every value of a repeated query parameter, in order ("emails[]" -> {"a", "b"}).
  std::vector<std::string> query_values(std::string_view name) const;
  // The header's value, or "" when absent. `name` is matched case-insensitively.
  std::string header(std::string_view name) const;
  // True when Content-Type is application/x-www-form-urlencoded (parameters ignored).
  bool has_form_body() const;
  // The body decoded as application/x-www-form-urlencoded; the last value of a field wins.
  std::map<std::string, std::string> form() const;
  // User and password of an `Authorization: Basic ...` header; nullopt when absent or garbled.
  std::optional<BasicCredentials> basic_auth() const;
  // The body parsed as JSON; nullopt when it is not JSON.
  std::optional<nlohmann::json> json() const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  // Replaces the header if present (case-insensitive), else appends it.
  Response& set_header(std::string name, std::string value);
  // The header's value or "" (case-insensitive).
  std::string header(std::string_view name) const;
};

}  // namespace leadflow::sandbox
