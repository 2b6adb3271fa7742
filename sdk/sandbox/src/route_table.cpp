// Route matching; see route_table.hpp.
#include "route_table.hpp"

namespace leadflow::sandbox {
namespace {

bool is_capture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool segments_match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& captured) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_capture(pattern[i]))
      captured[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    else if (pattern[i] != path[i])
      return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

void RouteTable::add(std::string method, const std::string& pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), split_path(pattern), std::move(handler)});
}

RouteMatch RouteTable::match(const std::string& method, const std::string& path) const {
  RouteMatch result;
  const auto segments = split_path(path);
  for (const auto& route : routes_) {
    std::map<std::string, std::string> captured;
    if (!segments_match(route.segments, segments, captured)) continue;
    if (route.method != method) {
      result.outcome = RouteMatch::Outcome::method_not_allowed;
      continue;
    }
    return RouteMatch{RouteMatch::Outcome::matched, &route.handler, std::move(captured)};
  }
  return result;
}

}  // namespace leadflow::sandbox
