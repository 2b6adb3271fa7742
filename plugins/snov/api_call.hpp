// One Snov.io API request as the capabilities describe it, before authentication: method, URL,
// body, what it may cost, which hourly cap it counts against, and a name for messages.
#pragma once

#include "account_state.hpp"

#include <string>
#include <utility>
#include <vector>

namespace leadflow::snov {

struct ApiCall {
  std::string method = "GET";
  std::string url;           // absolute
  std::string content_type;  // empty: no body
  std::string body;
  bool idempotent = true;
  double expected_cost = 0;
  Cap cap = Cap::none;
  std::int64_t cap_units = 0;
  std::string what;                // "the email finder", named in messages
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

ApiCall form_post(std::string url, const FormFields& fields, std::string what);
ApiCall json_call(std::string method, std::string url, const nlohmann::json& body, std::string what);
ApiCall get_call(std::string url, const FormFields& query, std::string what);

}  // namespace leadflow::snov
