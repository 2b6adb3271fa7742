// Request and Response accessors; see http_message.hpp.
#include <leadflow/sandbox/form_encoding.hpp>
#include <leadflow/sandbox/http_message.hpp>

#include <algorithm>
#include <cctype>

namespace leadflow::sandbox {
namespace {

bool same_letters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string Request::header(std::string_view name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

bool Request::has_form_body() const {
  auto type = lower(header("content-type"));
  type = type.substr(0, type.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  return type == "application/x-www-form-urlencoded";
}

std::map<std::string, std::string> Request::form() const { return decode_form(body); }

std::optional<nlohmann::json> Request::json() const {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::vector<std::string> Request::query_values(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : query_params)
    if (key == name) values.push_back(value);
  return values;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response response{status, {{"Content-Type", "application/json"}}, body.dump()};
  return response;
}

Response Response::text(int status, std::string body, std::string content_type) {
  return Response{status, {{"Content-Type", std::move(content_type)}}, std::move(body)};
}

Response& Response::set_header(std::string name, std::string value) {
  for (auto& [existing, old_value] : headers) {
    if (same_letters(existing, name)) {
      old_value = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::string Response::header(std::string_view name) const {
  for (const auto& [existing, value] : headers)
    if (same_letters(existing, name)) return value;
  return {};
}

}  // namespace leadflow::sandbox
