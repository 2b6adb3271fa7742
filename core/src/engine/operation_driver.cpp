// The step loop of one operation; see operation_driver.hpp.
#include "engine/operation_driver.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace leadflow::engine {

nlohmann::json make_error(std::string_view code, std::string message, bool retryable, int provider_status) {
  return {{"code", code}, {"message", std::move(message)}, {"retryable", retryable}, {"provider_status", provider_status}};
}

void OperationDriver::run(OperationServices services, ProviderRuntime& provider, std::unique_ptr<plugin::Operation> operation,
                          std::function<void(OperationOutcome)> done) {
  auto driver = std::make_shared<OperationDriver>(std::move(services), provider, std::move(operation), std::move(done));
  plugin::Event start;
  start.kind = plugin::EventKind::start;
  driver->advance(std::move(start));
}

OperationDriver::OperationDriver(OperationServices services, ProviderRuntime& provider,
                                 std::unique_ptr<plugin::Operation> operation, std::function<void(OperationOutcome)> done)
    : services_(std::move(services)), provider_(provider), operation_(std::move(operation)), done_(std::move(done)) {}

void OperationDriver::advance(plugin::Event event) {
  if (++steps_ > max_steps)
    return finish({true, {}, make_error("internal", "the plugin did not finish the operation within " + std::to_string(max_steps) + " steps")});
  plugin::Action action;
  try {
    action = operation_->step(event);
  } catch (const std::exception& e) {
    return finish({true, {}, make_error("internal", std::string("the plugin failed: ") + e.what())});
  }
  carry_out(std::move(action));
}

void OperationDriver::carry_out(plugin::Action action) {
  auto self = shared_from_this();
  switch (action.kind) {
    case plugin::ActionKind::http:
      return services_.sender.send(provider_, std::move(action.http), [self](plugin::Event e) { self->advance(std::move(e)); });

    case plugin::ActionKind::sleep: {
      auto timer = std::make_shared<boost::asio::steady_timer>(
          services_.io, services_.clock.real_duration(static_cast<std::int64_t>(action.sleep_ms)));
      return timer->async_wait([self, timer](const boost::system::error_code&) {
        plugin::Event e;
        e.kind = plugin::EventKind::timer;
        self->advance(std::move(e));
      });
    }

    case plugin::ActionKind::checkpoint:
      services_.save_checkpoint(action.json);
      return boost::asio::post(services_.io, [self] {
        plugin::Event e;
        e.kind = plugin::EventKind::checkpointed;
        self->advance(std::move(e));
      });

    case plugin::ActionKind::done:
    case plugin::ActionKind::fail: {
      OperationOutcome outcome;
      outcome.failed = action.kind == plugin::ActionKind::fail;
      outcome.credits = action.credits_spent;
      auto parsed = nlohmann::json::parse(action.json, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object()) {
        outcome.failed = true;
        outcome.error = make_error("internal", "the plugin answered with a result that is not a JSON object");
      } else if (outcome.failed) {
        outcome.error = std::move(parsed);
      } else {
        outcome.output = std::move(parsed);
      }
      return finish(std::move(outcome));
    }
  }
}

void OperationDriver::finish(OperationOutcome outcome) {
  provider_.stats.credits += outcome.credits;
  operation_.reset();  // operation_free before anything else happens to the record
  auto done = std::move(done_);
  done(std::move(outcome));
}

}  // namespace leadflow::engine
