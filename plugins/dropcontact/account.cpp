// account: one idempotent, free GET of /v1/account/credits. The seed documents no account
// endpoint (only credits_left in the submit answer); the research found this one in Dropcontact's
// current docs (DC-DEV credits).
#include "account.hpp"

#include "responses.hpp"

namespace leadflow::dropcontact {
namespace {

// Built outside the coroutine: g++ 12 cannot compile braced initializer lists in a coroutine body.
sdk::HttpRequest credits_request(const Settings& settings) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/v1/account/credits"),
      .headers = {settings.access_token()},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

}  // namespace

sdk::Task account(sdk::Operation& op, const Settings& settings) {
  const auto response = co_await op.http(credits_request(settings));
  if (auto failure = failure_for(response, Endpoint::account)) co_return *failure;
  co_return account_result(response);
}

}  // namespace leadflow::dropcontact
