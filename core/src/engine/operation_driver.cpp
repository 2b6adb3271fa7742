// The step loop of one operation; see operation_driver.hpp.
#include "engine/operation_driver.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

namespace leadflow::engine {
namespace {

plugin::Event event_of(plugin::EventKind kind) {
  plugin::Event event;
  event.kind = kind;
  return event;
}

}  // namespace

nlohmann::json make_error(std::string_view code, std::string message, bool retryable, int provider_status) {
  return {{"code", code}, {"message", std::move(message)}, {"retryable", retryable}, {"provider_status", provider_status}};
}

std::shared_ptr<OperationDriver> OperationDriver::run(OperationServices services, ProviderRuntime& provider,
                                                      std::unique_ptr<plugin::Operation> operation,
                                                      std::function<void(OperationOutcome)> done) {
  auto driver = std::make_shared<OperationDriver>(std::move(services), provider, std::move(operation), std::move(done));
  driver->advance(event_of(plugin::EventKind::start));
  return driver;
}

OperationDriver::OperationDriver(OperationServices services, ProviderRuntime& provider, std::unique_ptr<plugin::Operation> operation,
                                 std::function<void(OperationOutcome)> done)
    : services_(std::move(services)), provider_(provider), operation_(std::move(operation)), done_(std::move(done)) {}

void OperationDriver::stop() {
  if (stopping_ || !operation_) return;
  stopping_ = true;
  if (sleep_timer_) return cancel("the run was stopped");  // a sleep is a wait: cancel now
  if (services_.sender.cancel(request_)) interrupted_by_ = "the run was stopped";  // CANCEL arrives from the sender
}

void OperationDriver::advance(plugin::Event event) {
  if (!operation_) return;
  if (++steps_ > max_steps)
    return finish({true, {}, make_error("internal", "the plugin did not finish the operation within " + std::to_string(max_steps) + " steps")});
  if (event.kind == plugin::EventKind::http_response || event.kind == plugin::EventKind::http_error) last_attempts_ = event.attempts;
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
      if (stopping_) return cancel("the run was stopped");
      return send(std::move(action.http));

    case plugin::ActionKind::sleep:
      if (stopping_) return cancel("the run was stopped");
      return sleep(action.sleep_ms);

    case plugin::ActionKind::checkpoint:
      services_.save_checkpoint(action.json);
      return boost::asio::post(services_.io, [self] { self->advance(event_of(plugin::EventKind::checkpointed)); });

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
        explain_attempts(outcome.error);
      } else {
        outcome.output = std::move(parsed);
      }
      return finish(std::move(outcome));
    }
  }
}

void OperationDriver::send(plugin::HttpAction request) {
  switch (services_.budget.reserve(provider_.index, request.expected_cost, reserved_)) {
    case Budget::Decision::wait:
      return services_.budget.wait([self = shared_from_this(), request = std::move(request)]() mutable {
        if (self->stopping_) return self->cancel("the run was stopped");
        self->send(std::move(request));
      });
    case Budget::Decision::refuse:
      services_.on_budget_refused();
      stopping_ = true;
      return cancel(*services_.budget.refusal());
    case Budget::Decision::send:
      reserved_ += std::max(0.0, request.expected_cost);
      if (request.expected_cost <= 0) return send_now(std::move(request));
      return services_.journal_paid_request([self = shared_from_this(), request = std::move(request)]() mutable {
        if (self->stopping_) return self->cancel("the run was stopped");
        self->send_now(std::move(request));
      });
  }
}

void OperationDriver::send_now(plugin::HttpAction request) {
  request_ = services_.sender.send(provider_, std::move(request), [self = shared_from_this()](plugin::Event e) { self->advance(std::move(e)); });
}

void OperationDriver::sleep(std::uint64_t ms) {
  services_.on_sleep(true);
  sleep_timer_ = std::make_unique<boost::asio::steady_timer>(services_.io, services_.clock.real_duration(static_cast<std::int64_t>(ms)));
  sleep_timer_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: stop() has stepped the plugin already
    self->sleep_timer_.reset();
    self->services_.on_sleep(false);
    self->advance(event_of(plugin::EventKind::timer));
  });
}

// Steps the plugin with CANCEL; whatever it answers, the outcome is "interrupted".
void OperationDriver::cancel(std::string reason) {
  if (sleep_timer_) {
    sleep_timer_.reset();  // its handler gets operation_aborted
    services_.on_sleep(false);
  }
  interrupted_by_ = std::move(reason);
  advance(event_of(plugin::EventKind::cancel));
}

// A provider failure after the host's retries says what was tried.
void OperationDriver::explain_attempts(nlohmann::json& error) const {
  if (last_attempts_ <= 1 || !error.contains("message") || !error["message"].is_string()) return;
  auto message = error["message"].get<std::string>();
  if (message.find(" times over ") != std::string::npos) return;  // the transport error says it already
  error["message"] = fmt::format("{} (the host sent the request {} times)", message, last_attempts_);
}

void OperationDriver::finish(OperationOutcome outcome) {
  if (!interrupted_by_.empty()) {
    outcome.interrupted = true;
    outcome.failed = true;
    const bool budget = services_.budget.exhausted() && interrupted_by_ == *services_.budget.refusal();
    outcome.error = make_error(budget ? "budget_exhausted" : "interrupted", interrupted_by_, true);
  }
  provider_.stats.credits += outcome.credits;
  services_.budget.settle(provider_.index, reserved_, outcome.credits);
  reserved_ = 0;
  operation_.reset();  // operation_free before anything else happens to the record
  auto done = std::move(done_);
  done(std::move(outcome));
}

}  // namespace leadflow::engine
