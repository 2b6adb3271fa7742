// Matching a request's method and path against the routes a simulator declared
// ("/2018-01-08/contacts/{id}"), capturing the "{name}" segments.
#pragma once

#include <leadflow/sandbox/server.hpp>

#include <string>
#include <vector>

namespace leadflow::sandbox {

struct RouteMatch {
  enum class Outcome { matched, unknown_path, method_not_allowed } outcome = Outcome::unknown_path;
  const Handler* handler = nullptr;
  std::map<std::string, std::string> path_params;
};

// THREAD: add() before serving; match() from any thread afterwards.
class RouteTable {
 public:
  void add(std::string method, const std::string& pattern, Handler handler);
  RouteMatch match(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{id}" captures
    Handler handler;
  };
  std::vector<Route> routes_;
};

// "/a/b/" -> {"a","b"}; empty segments dropped, so a trailing slash is not significant.
std::vector<std::string> split_path(const std::string& path);

}  // namespace leadflow::sandbox
