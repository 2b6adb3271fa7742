// Starting a Snov.io v2 search and polling its result; see async_task.hpp.
#include "async_task.hpp"

#include "responses.hpp"

namespace leadflow::snov {

std::string link_of(const nlohmann::json& body, const char* name) {
  if (!body.is_object() || !body.contains("links") || !body["links"].is_object()) return "";
  const auto& links = body["links"];
  if (!links.contains(name) || !links[name].is_string()) return "";
  return links[name].get<std::string>();
}

Step AsyncTask::next(std::int64_t now_ms) {
  switch (phase_) {
    case Phase::starting:
    case Phase::polling: {
      auto step = exchange_.next(now_ms);
      if (step) return step;
      after_exchange();
      return next(now_ms);
    }
    case Phase::sleeping: {
      if (waited_ >= api_.settings->task_max_wait) {
        finish(sdk::fail(sdk::ErrorCode::timeout,
                         "Snov.io's " + what_ + " was still in progress after " + std::to_string(waited_.count()) +
                             " ms (task_max_wait_ms). Retry later: a repeated search is not charged again.",
                         true));
        return Step::finished();
      }
      const auto wait = std::min(api_.settings->task_poll, api_.settings->task_max_wait - waited_);
      waited_ += wait;
      phase_ = Phase::polling;
      exchange_ = Exchange(api_, get_call(result_url_, {}, what_ + " result"));
      return Step::sleep(wait);
    }
    case Phase::finished: return Step::finished();
  }
  return Step::finished();
}

void AsyncTask::take(const sdk::HttpResponse& response, std::int64_t now_ms) { exchange_.take(response, now_ms); }

void AsyncTask::after_exchange() {
  if (exchange_.failure()) return finish(*exchange_.failure());
  const auto& body = exchange_.body();
  if (auto failure = business_failure(body, what_)) return finish(*failure);
  if (phase_ == Phase::starting) {
    result_url_ = link_of(body, "result");
    if (result_url_.empty()) return finish(unreadable(what_ + " start", exchange_.status()));
    phase_ = Phase::sleeping;
    return;
  }
  const auto status = body.is_object() ? body.value("status", "") : "";
  if (status == "completed") {
    result_ = body;
    phase_ = Phase::finished;
  } else if (status == "in progress" || status == "in_progress") {
    phase_ = Phase::sleeping;
  } else if (status == "not_enough_credits") {
    finish(sdk::fail(sdk::ErrorCode::out_of_credits, "Snov.io has not enough credits for " + what_ + ": top the account up."));
  } else {
    finish(unreadable(what_ + " result", exchange_.status()));
  }
}

void AsyncTask::finish(sdk::Outcome failure) {
  failure_ = std::move(failure);
  phase_ = Phase::finished;
}

}  // namespace leadflow::snov
