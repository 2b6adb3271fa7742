// The parameters of one Snov.io request, wherever the client put them. The docs' samples send
// the same method's fields as a form body, a query string or (the official n8n node) JSON, and
// arrays PHP-style (`emails[]=a`, `emails[0]=a`, `customFields[name]=v`), so the simulator reads
// all of them the same way.
#pragma once

#include <leadflow/sandbox/http_message.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadflow::snov_sim {

class RequestParams {
 public:
  // Query fields first, then the body (form-encoded, or JSON flattened into the same names).
  static RequestParams of(const sandbox::Request& request);

  // The first value of `name`, trimmed; "" when absent.
  std::string text(std::string_view name) const;
  bool has(std::string_view name) const;
  // Every value of the array `name`: `name[]`, `name[0]`, `name[1]`... in index order, or a
  // lone `name`.
  std::vector<std::string> list(std::string_view name) const;
  // The keyed values of `name[key]` (customFields[company]=..., socialLinks[linkedIn]=...).
  std::map<std::string, std::string> keyed(std::string_view name) const;
  // "true"/"1" are true, "false"/"0"/"" false; nullopt when absent or anything else.
  std::optional<bool> flag(std::string_view name) const;

 private:
  void add_json(const std::string& name, const nlohmann::json& value);
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace leadflow::snov_sim
