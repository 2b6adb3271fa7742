// Form and percent decoding as HTTP clients encode them.
#include <leadflow/sandbox/form_encoding.hpp>
#include <leadflow/sandbox/http_message.hpp>

#include <doctest/doctest.h>

using namespace leadflow::sandbox;

TEST_CASE("a form body decodes plus signs, escapes and empty values") {
  const auto fields = decode_form("name=Cyril+Nicodeme&domain=reflectiv.net&note=caf%C3%A9%26co&empty=&flag");
  CHECK(fields.at("name") == "Cyril Nicodeme");
  CHECK(fields.at("domain") == "reflectiv.net");
  CHECK(fields.at("note") == "café&co");
  CHECK(fields.at("empty").empty());
  CHECK(fields.at("flag").empty());
}

TEST_CASE("the last value of a repeated form field wins") { CHECK(decode_form("a=1&a=2").at("a") == "2"); }

TEST_CASE("a broken percent escape is kept as written") { CHECK(percent_decode("100%-sure%2", false) == "100%-sure%2"); }

TEST_CASE("encoding then decoding a form gives the same fields back") {
  const std::map<std::string, std::string> fields{{"name", "José García"}, {"company", "A, B & C=D"}};
  CHECK(decode_form(encode_form(fields)) == fields);
}

TEST_CASE("a form content type is recognised with parameters and any case") {
  Request request;
  request.headers["content-type"] = "Application/X-WWW-Form-Urlencoded; charset=utf-8";
  CHECK(request.has_form_body());
  request.headers["content-type"] = "application/json";
  CHECK_FALSE(request.has_form_body());
}
