// account: one idempotent, free GET of the account object.
#include "account.hpp"

#include "responses.hpp"

namespace leadflow::probe {
namespace {

sdk::HttpRequest account_request(const Settings& settings) {
  return sdk::HttpRequest{
      .method = "GET",
      .url = settings.url("/account"),
      .headers = {settings.authorization()},
      .idempotent = true,
      .rate_limit_key = "default",
      .expected_cost = 0,
  };
}

}  // namespace

sdk::Task account(sdk::Operation& op, const Settings& settings) {
  const auto response = co_await op.http(account_request(settings));
  if (auto failure = failure_for(response, Endpoint::account)) co_return *failure;
  co_return account_result(response);
}

}  // namespace leadflow::probe
