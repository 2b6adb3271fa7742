// The credit budget of a run: a cap for the whole run and one per provider (`budget:` in the
// workflow). Every paid request reserves its declared expected cost before it is sent; when its
// operation ends, the reservation is replaced by what the plugin says it actually spent. A
// request that would overrun waits while other operations' reservations may still be released,
// and is refused once nothing can: that stops the run, and nothing is ever spent past the cap.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::engine {

// THREAD: the engine's event-loop thread only.
class Budget {
 public:
  enum class Decision { send, wait, refuse };

  // `providers`: one entry per workflow provider, its name and cap (nullopt: none).
  Budget(std::optional<double> run_cap, std::vector<std::pair<std::string, std::optional<double>>> providers);

  // May a request of `provider` costing `cost` be sent? `held` is what the asking operation has
  // reserved already (it cannot wait for itself). On `send` the cost is reserved.
  Decision reserve(std::size_t provider, double cost, double held);
  // Calls `retry` after the next settle(): a waiting request asks again.
  void wait(std::function<void()> retry);
  // An operation ended: it had reserved `reserved` and actually spent `spent`.
  void settle(std::size_t provider, double reserved, double spent);

  bool exhausted() const { return refusal_.has_value(); }
  // Why the run was stopped, e.g. "the run's budget of 10 credits is spent (9 spent, 1 more needed)".
  const std::optional<std::string>& refusal() const { return refusal_; }
  double spent() const { return run_.spent; }

 private:
  struct Account {
    std::string what;  // "the run's budget", "provider 'norbert''s budget"
    std::optional<double> cap;
    double spent = 0;
    double reserved = 0;
  };

  Decision check(const Account& account, double cost, double held);

  Account run_;
  std::vector<Account> providers_;
  std::vector<std::function<void()>> waiting_;
  std::optional<std::string> refusal_;
};

}  // namespace leadflow::engine
