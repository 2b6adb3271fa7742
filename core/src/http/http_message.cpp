// Lookups on the HTTP client's plain data types; see http_message.hpp.
#include "http/http_message.hpp"

namespace leadflow::http {

std::optional<std::string_view> Response::header(std::string_view lower_case_name) const {
  for (const auto& header : headers)
    if (header.name == lower_case_name) return std::string_view(header.value);
  return std::nullopt;
}

}  // namespace leadflow::http
