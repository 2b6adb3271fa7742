// Drives one plugin operation through the sans-IO protocol: steps the plugin, carries out each
// action it answers (HTTP through the budget and the request policy, sleeps on a timer,
// checkpoints into the store) and steps it again with the outcome, until it is done or has
// failed. When the run stops, the operation is cancelled at its next wait (a sleep, or a
// request not yet on the wire); a request already sent is let finish.
#pragma once

#include "engine/budget.hpp"
#include "engine/engine_clock.hpp"
#include "engine/provider_runtime.hpp"
#include "engine/request_sender.hpp"
#include "plugin/plugin_instance.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>

namespace leadflow::engine {

struct OperationOutcome {
  bool failed = false;
  nlohmann::json output;  // DONE: the plugin's output
  nlohmann::json error;   // FAIL: {"code","message","retryable","provider_status"}
  double credits = 0;
  // The host stopped the operation (Ctrl-C, or the budget) before it finished: the record is
  // not done, and resuming continues from the last checkpoint.
  bool interrupted = false;
};

struct OperationServices {
  boost::asio::io_context& io;
  RequestSender& sender;
  const EngineClock& clock;
  Budget& budget;
  // Makes `state_json` durable for this operation before the plugin is stepped again.
  std::function<void(const std::string& state_json)> save_checkpoint;
  // The operation starts (true) or stops (false) sleeping: a sleeping operation holds no slot.
  std::function<void(bool sleeping)> on_sleep;
  // A paid request was refused because the budget is spent: the run must stop.
  std::function<void()> on_budget_refused;
  // A paid request is about to leave: journal the intent durably, then call `send` (the
  // journal commits the intents of many operations at once).
  std::function<void(std::function<void()> send)> journal_paid_request;
};

// Builds the FAIL envelope the host itself produces (provider stopped, plugin misbehaved...).
nlohmann::json make_error(std::string_view code, std::string message, bool retryable = false, int provider_status = 0);

// THREAD: the engine's event-loop thread only. Keeps itself alive until `done` has been called.
class OperationDriver : public std::enable_shared_from_this<OperationDriver> {
 public:
  static std::shared_ptr<OperationDriver> run(OperationServices services, ProviderRuntime& provider,
                                              std::unique_ptr<plugin::Operation> operation, std::function<void(OperationOutcome)> done);

  OperationDriver(OperationServices services, ProviderRuntime& provider, std::unique_ptr<plugin::Operation> operation,
                  std::function<void(OperationOutcome)> done);

  // The run is stopping: cancel at the next wait, or now if the operation is waiting.
  void stop();

 private:
  static constexpr int max_steps = 100'000;  // a plugin answering forever is a bug, not a slow provider

  void advance(plugin::Event event);
  void carry_out(plugin::Action action);
  void send(plugin::HttpAction request);  // through the budget and the journal
  void send_now(plugin::HttpAction request);
  void sleep(std::uint64_t ms);
  void cancel(std::string reason);
  void finish(OperationOutcome outcome);
  void explain_attempts(nlohmann::json& error) const;

  OperationServices services_;
  ProviderRuntime& provider_;
  std::unique_ptr<plugin::Operation> operation_;
  std::function<void(OperationOutcome)> done_;
  int steps_ = 0;
  double reserved_ = 0;              // credits reserved in the budget by this operation's requests
  RequestSender::Handle request_;    // the request in progress
  std::unique_ptr<boost::asio::steady_timer> sleep_timer_;
  bool stopping_ = false;
  std::string interrupted_by_;       // set once the host has cancelled the operation
  std::uint32_t last_attempts_ = 0;  // sends of the last request
};

}  // namespace leadflow::engine
