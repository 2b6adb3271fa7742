// Credit reservations against the run's and the providers' caps; see budget.hpp.
#include "engine/budget.hpp"

#include <fmt/format.h>

namespace leadflow::engine {

Budget::Budget(std::optional<double> run_cap, std::vector<std::pair<std::string, std::optional<double>>> providers) {
  run_.what = "the run's budget";
  run_.cap = run_cap;
  for (auto& [name, cap] : providers) providers_.push_back({fmt::format("provider '{}' budget", name), cap});
}

Budget::Decision Budget::check(const Account& account, double cost, double held) {
  if (!account.cap || account.spent + account.reserved + cost <= *account.cap + 1e-9) return Decision::send;
  if (account.reserved - held > 1e-9) return Decision::wait;  // others may spend less than they reserved
  if (!refusal_)
    refusal_ = fmt::format("{} of {:g} credits is spent ({:g} spent, {:g} more needed)", account.what, *account.cap,
                           account.spent + account.reserved, cost);
  return Decision::refuse;
}

Budget::Decision Budget::reserve(std::size_t provider, double cost, double held) {
  if (cost <= 0) return Decision::send;
  if (refusal_) return Decision::refuse;  // the run is stopping: no new spending anywhere
  auto& account = providers_.at(provider);
  const auto run = check(run_, cost, held);
  const auto own = check(account, cost, held);
  if (run == Decision::refuse || own == Decision::refuse) return Decision::refuse;
  if (run == Decision::wait || own == Decision::wait) return Decision::wait;
  run_.reserved += cost;
  account.reserved += cost;
  return Decision::send;
}

void Budget::wait(std::function<void()> retry) { waiting_.push_back(std::move(retry)); }

void Budget::settle(std::size_t provider, double reserved, double spent) {
  auto& account = providers_.at(provider);
  for (auto* a : {&run_, &account}) {
    a->reserved -= reserved;
    a->spent += spent;
  }
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& retry : waiting) retry();
}

}  // namespace leadflow::engine
