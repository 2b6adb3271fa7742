// Building ApiCalls; see api_call.hpp.
#include "api_call.hpp"

namespace leadflow::snov {

ApiCall form_post(std::string url, const FormFields& fields, std::string what) {
  return ApiCall{.method = "POST",
                 .url = std::move(url),
                 .content_type = "application/x-www-form-urlencoded",
                 .body = sdk::form_encode(fields),
                 .what = std::move(what)};
}

ApiCall json_call(std::string method, std::string url, const nlohmann::json& body, std::string what) {
  return ApiCall{.method = std::move(method),
                 .url = std::move(url),
                 .content_type = "application/json",
                 .body = body.is_null() ? "" : body.dump(),
                 .what = std::move(what)};
}

ApiCall get_call(std::string url, const FormFields& query, std::string what) {
  if (!query.empty()) url += (url.find('?') == std::string::npos ? "?" : "&") + sdk::form_encode(query);
  return ApiCall{.method = "GET", .url = std::move(url), .what = std::move(what)};
}

}  // namespace leadflow::snov
