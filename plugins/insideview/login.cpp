// Logging in at InsideView's token endpoint; see login.hpp.
#include "login.hpp"

#include "responses.hpp"
#include "xml_fields.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace leadflow::insideview {

sdk::HttpRequest login_request(const Settings& settings) {
  // Documented as query parameters; a public client sends them as form fields, which keeps
  // the secret out of URLs (and logs of URLs).
  return sdk::HttpRequest{
      .method = "POST",
      .url = settings.login_url,
      .headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
      .body = sdk::form_encode({{"clientId", settings.client_id}, {"clientSecret", settings.client_secret}, {"grantType", "cred"}}),
      .idempotent = true,  // a token costs nothing; another one is as good
      .rate_limit_key = "login",
      .expected_cost = 0,
  };
}

std::optional<TokenGrant> parse_token(const sdk::HttpResponse& response) {
  std::optional<std::string> token;
  std::optional<std::string> expiration;
  if (const auto body = response.json()) {
    const auto pointer = "/accessTokenDetails"_json_pointer;
    if (!body->is_object() || !body->contains(pointer) || !(*body)[pointer].is_object()) return std::nullopt;
    const auto& details = (*body)[pointer];
    if (details.contains("accessToken") && details["accessToken"].is_string()) token = details["accessToken"].get<std::string>();
    if (details.contains("expirationTime") && details["expirationTime"].is_string())
      expiration = details["expirationTime"].get<std::string>();
  } else {
    token = xml_element_text(response.body(), "accessToken");
    expiration = xml_element_text(response.body(), "expirationTime");
  }
  if (!token || token->empty()) return std::nullopt;
  return TokenGrant{*token, expiration ? parse_expiration_time(*expiration) : std::nullopt};
}

std::optional<std::int64_t> parse_expiration_time(std::string_view text) {
  static constexpr std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char weekday[4] = {}, month[4] = {}, half[3] = {}, zone[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%3[A-Za-z], %3[A-Za-z] %d, %d %d:%d:%d %2[APM] %3[A-Z]%n", weekday, month, &day, &year, &hour, &minute, &second, half,
                  zone, &consumed) != 9 ||
      static_cast<std::size_t>(consumed) != copy.size())
    return std::nullopt;
  int month_index = -1;
  for (int i = 0; i < 12; ++i)
    if (std::string_view(month) == months[i]) month_index = i;
  const std::string_view meridiem(half);
  if (month_index < 0 || std::string_view(zone) != "GMT" || (meridiem != "AM" && meridiem != "PM") || hour < 1 || hour > 12)
    return std::nullopt;
  std::tm utc{};
  utc.tm_year = year - 1900;
  utc.tm_mon = month_index;
  utc.tm_mday = day;
  utc.tm_hour = hour % 12 + (meridiem == "PM" ? 12 : 0);
  utc.tm_min = minute;
  utc.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&utc)) * 1000;
}

}  // namespace leadflow::insideview
