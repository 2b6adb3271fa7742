// Drives one plugin operation through the sans-IO protocol: steps the plugin, carries out each
// action it answers (HTTP through the request policy, sleeps on a timer, checkpoints into the
// store) and steps it again with the outcome, until it is done or has failed.
#pragma once

#include "engine/engine_clock.hpp"
#include "engine/provider_runtime.hpp"
#include "engine/request_sender.hpp"
#include "plugin/plugin_instance.hpp"

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>

namespace leadflow::engine {

struct OperationOutcome {
  bool failed = false;
  nlohmann::json output;  // DONE: the plugin's output
  nlohmann::json error;   // FAIL: {"code","message","retryable","provider_status"}
  double credits = 0;
};

struct OperationServices {
  boost::asio::io_context& io;
  RequestSender& sender;
  const EngineClock& clock;
  // Makes `state_json` durable for this operation before the plugin is stepped again.
  std::function<void(const std::string& state_json)> save_checkpoint;
};

// Builds the FAIL envelope the host itself produces (provider stopped, plugin misbehaved...).
nlohmann::json make_error(std::string_view code, std::string message, bool retryable = false, int provider_status = 0);

// THREAD: the engine's event-loop thread only. Keeps itself alive until `done` has been called.
class OperationDriver : public std::enable_shared_from_this<OperationDriver> {
 public:
  static void run(OperationServices services, ProviderRuntime& provider, std::unique_ptr<plugin::Operation> operation,
                  std::function<void(OperationOutcome)> done);

  OperationDriver(OperationServices services, ProviderRuntime& provider, std::unique_ptr<plugin::Operation> operation,
                  std::function<void(OperationOutcome)> done);

 private:
  static constexpr int max_steps = 100'000;  // a plugin answering forever is a bug, not a slow provider

  void advance(plugin::Event event);
  void carry_out(plugin::Action action);
  void finish(OperationOutcome outcome);

  OperationServices services_;
  ProviderRuntime& provider_;
  std::unique_ptr<plugin::Operation> operation_;
  std::function<void(OperationOutcome)> done_;
  int steps_ = 0;
};

}  // namespace leadflow::engine
