// find_domain_emails over the v2 Domain Search; see find_domain_emails.hpp. Every start is
// charged by Snov "1 credit per each unique request" with results, and a prospect's email
// search "1 credit for every prospect profile with an email": a request this account already
// paid for (remembered in the host's cache, keyed by the server's URL) reports no credit, and a
// resumed operation repeats its searches without paying twice.
#include "find_domain_emails.hpp"

#include "async_task.hpp"
#include "domain_people.hpp"
#include "input_fields.hpp"
#include "paid_requests.hpp"
#include "responses.hpp"

namespace leadflow::snov {
namespace {

std::optional<sdk::Outcome> missing_input(const nlohmann::json& input) {
  if (input_domain(input).empty())
    return sdk::fail(sdk::ErrorCode::invalid_input, "find_domain_emails needs a domain (or website) for Snov.io's domain search.");
  if (comma_separated(input, "positions").size() > max_positions)
    return sdk::fail(sdk::ErrorCode::invalid_input, "Snov.io filters by up to 10 positions per request; find_domain_emails got more.");
  return std::nullopt;
}

DomainQuery query_from(const nlohmann::json& input) {
  return DomainQuery{input_domain(input), comma_separated(input, "positions"), positive_number(input, "limit")};
}

sdk::Outcome with_credits(sdk::Outcome outcome, double credits) {
  outcome.credits_spent = credits;
  return outcome;
}

ApiCall prospect_email_start(const nlohmann::json& prospect) {
  return post_link(prospect.value("search_emails_start", ""), "the prospect's email search");
}

}  // namespace

sdk::Task find_domain_emails(sdk::Operation& op, Api api) {
  if (auto problem = missing_input(op.input())) co_return *problem;
  DomainPeople people(query_from(op.input()));
  const auto& query = people.query();
  double credits = 0;

  // Company info (and the counts Snov has for the domain).
  const auto company_call = company_start(*api.settings, query);
  AsyncTask company(api, company_call);
  while (auto step = company.next(op.now_unix_ms())) {
    if (step.sends()) company.take(co_await op.http(step.request), op.now_unix_ms());
    else co_await op.sleep(step.wait);
  }
  if (company.failure()) co_return *company.failure();
  if (has_results(company.result()) && first_charge(op, company_call)) credits += 1;
  people.read_company(company.result());

  // Prospects, every page, each with its email search.
  auto page_call = prospects_start(*api.settings, query);
  while (!people.full()) {
    AsyncTask page(api, page_call);
    while (auto step = page.next(op.now_unix_ms())) {
      if (step.sends()) page.take(co_await op.http(step.request), op.now_unix_ms());
      else co_await op.sleep(step.wait);
    }
    if (page.failure()) co_return with_credits(*page.failure(), credits);
    if (has_results(page.result()) && first_charge(op, page_call)) credits += 1;
    for (const auto& prospect : people.prospects_of_page(page.result())) {
      if (people.full()) break;
      const auto email_call = prospect_email_start(prospect);
      if (email_call.url.empty()) {
        people.add_prospect(prospect, nlohmann::json::object());
        continue;
      }
      AsyncTask search(api, email_call);
      while (auto step = search.next(op.now_unix_ms())) {
        if (step.sends()) search.take(co_await op.http(step.request), op.now_unix_ms());
        else co_await op.sleep(step.wait);
      }
      if (search.failure()) co_return with_credits(*search.failure(), credits);
      if (has_results(search.result()) && first_charge(op, email_call)) credits += 1;
      people.add_prospect(prospect, search.result());
    }
    const auto next = link_of(page.result(), "next");
    if (next.empty()) break;
    page_call = post_link(next, "the prospects search (next page)");
  }

  // Without a positions filter: the domain's emails, then its generic contacts, every page.
  if (query.positions.empty()) {
    for (const char* kind : {"domain-emails", "generic-contacts"}) {
      std::string cursor;
      do {
        const auto list_call = emails_start(*api.settings, query.domain, kind, cursor);
        AsyncTask list(api, list_call);
        while (auto step = list.next(op.now_unix_ms())) {
          if (step.sends()) list.take(co_await op.http(step.request), op.now_unix_ms());
          else co_await op.sleep(step.wait);
        }
        if (list.failure()) co_return with_credits(*list.failure(), credits);
        if (has_results(list.result()) && first_charge(op, list_call)) credits += 1;
        people.add_emails(list.result(), std::string_view(kind) == "domain-emails" ? "personal" : "generic");
        cursor = next_cursor(list.result());
      } while (!cursor.empty() && !people.full());
    }
  }
  auto outcome = people.outcome();
  outcome.credits_spent = credits;
  co_return outcome;
}

}  // namespace leadflow::snov
