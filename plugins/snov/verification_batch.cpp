// One verify_email batch's state; see verification_batch.hpp. Snov's verifier envelope is not
// documented (research, open question 1): the answer is read as an object keyed by address, each
// {"status": {"identifier": ...}, "data": {...}}, and also as an array of such entries.
#include "verification_batch.hpp"

#include "input_fields.hpp"
#include "status_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace leadflow::snov {
namespace {

constexpr std::int64_t longest_poll_ms = 60'000;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string emails_query(const std::vector<std::string>& addresses) {
  FormFields fields;
  for (std::size_t i = 0; i < addresses.size(); ++i) fields.emplace_back("emails[" + std::to_string(i) + "]", addresses[i]);
  return sdk::form_encode(fields);
}

nlohmann::json item_error(sdk::ErrorCode code, const std::string& message) {
  return {{"error", {{"code", sdk::to_string(code)}, {"message", message}}}};
}

}  // namespace

ApiCall status_call(const Settings& settings, const std::vector<std::string>& addresses) {
  ApiCall call{.method = "POST",
               .url = settings.url("/v1/get-emails-verification-status") + "?" + emails_query(addresses),
               .what = "the email verifier (get-emails-verification-status)"};
  call.cap = Cap::verifier, call.cap_units = static_cast<std::int64_t>(addresses.size());
  return call;
}

ApiCall push_call(const Settings& settings, const std::vector<std::string>& addresses) {
  ApiCall call{.method = "POST",
               .url = settings.url("/v1/add-emails-to-verification") + "?" + emails_query(addresses),
               .idempotent = false,
               .expected_cost = static_cast<double>(addresses.size()),
               .what = "add-emails-to-verification"};
  call.cap = Cap::verifier, call.cap_units = static_cast<std::int64_t>(addresses.size());
  return call;
}

std::optional<VerificationBatch> VerificationBatch::from_input(const nlohmann::json& input, const Settings& settings) {
  if (!input.contains("items") || !input["items"].is_array()) return std::nullopt;
  const auto& items = input["items"];
  if (items.empty() || items.size() > max_verification_batch) return std::nullopt;
  VerificationBatch batch;
  batch.settings_ = &settings;
  for (const auto& item : items) {
    const auto address = input_text(item, "email");
    if (address.empty()) {
      batch.items_.push_back({});
      continue;
    }
    auto* existing = batch.entry_for(address);
    if (!existing) batch.entries_.push_back(Entry{.address = address});
    batch.items_.push_back({existing ? std::optional(static_cast<std::size_t>(existing - batch.entries_.data()))
                                     : std::optional(batch.entries_.size() - 1)});
  }
  return batch;
}

VerificationBatch::Entry* VerificationBatch::entry_for(const std::string& address) {
  const auto wanted = lowercase(address);
  for (auto& entry : entries_)
    if (lowercase(entry.address) == wanted) return &entry;
  return nullptr;
}

void VerificationBatch::resume_added(const nlohmann::json& checkpoint, std::int64_t now_ms) {
  if (!checkpoint.is_object() || !checkpoint.contains("pushed") || !checkpoint["pushed"].is_array()) return;
  std::vector<std::string> pushed;
  for (const auto& address : checkpoint["pushed"])
    if (address.is_string()) pushed.push_back(address.get<std::string>());
  mark_pushed(pushed, now_ms);
  for (auto& entry : entries_)
    if (entry.state == State::unknown) entry.next_check_ms = now_ms;  // ask about the others too
}

std::vector<std::string> VerificationBatch::all_addresses() const {
  std::vector<std::string> addresses;
  for (const auto& entry : entries_) addresses.push_back(entry.address);
  return addresses;
}

void VerificationBatch::apply(const nlohmann::json& body, std::int64_t now_ms) {
  for (auto& entry : entries_) {
    if (entry.state == State::final || entry.state == State::failed) continue;
    nlohmann::json answer;
    if (body.is_object()) {
      for (const auto& [key, value] : body.items())
        if (lowercase(key) == lowercase(entry.address)) answer = value;
    } else if (body.is_array()) {
      for (const auto& value : body)
        if (value.is_object() && lowercase(value.value("/data/email"_json_pointer, std::string())) == lowercase(entry.address)) answer = value;
    }
    if (!answer.is_null()) {
      read_entry(entry, answer, now_ms);
    } else if (entry.next_check_ms <= now_ms) {
      // Asked about but left out of the answer: ask again later, not in a tight loop.
      entry.interval_ms = std::clamp(entry.interval_ms * 2, settings_->verifier_first_poll.count(), longest_poll_ms);
      entry.next_check_ms = now_ms + entry.interval_ms;
      if (entry.waiting_since_ms == 0) entry.waiting_since_ms = now_ms;
      if (entry.state == State::unknown && entry.pushed) entry.state = State::verifying;
    }
  }
}

void VerificationBatch::read_entry(Entry& entry, const nlohmann::json& answer, std::int64_t now_ms) {
  if (!answer.is_object()) return;
  entry.raw = answer;
  const auto identifier = answer.contains("/status/identifier"_json_pointer) && answer["/status/identifier"_json_pointer].is_string()
                              ? answer["/status/identifier"_json_pointer].get<std::string>()
                              : "";
  const auto& data = answer.value("data", nlohmann::json());
  if (identifier == "complete" && data.is_object() && !data.empty()) {
    entry.data = data;
    if (data.value("smtpStatus", "") != "greylisted" && !data.value("isGreylist", false)) {
      entry.state = State::final;
      return;
    }
    // "We are temporarily unable to verify this email ... resubmit this API request after a
    // short break (usually from 15 minutes to 1 hour)."
    if (entry.state != State::greylisted) entry.greylisted_since_ms = now_ms;
    entry.state = State::greylisted;
    entry.next_check_ms = now_ms + settings_->greylist_retry.count();
    return;
  }
  if (identifier == "not_verified" && !entry.pushed) {
    entry.state = State::to_push;
    return;
  }
  // in_progress, or not_verified although pushed: Snov is still verifying it.
  if (entry.state != State::verifying) {
    entry.waiting_since_ms = now_ms;
    entry.interval_ms = settings_->verifier_first_poll.count();
  } else {
    entry.interval_ms = std::min(entry.interval_ms * 2, longest_poll_ms);
  }
  entry.state = State::verifying;
  entry.next_check_ms = now_ms + entry.interval_ms;
}

std::vector<std::string> VerificationBatch::to_push() const {
  std::vector<std::string> addresses;
  for (const auto& entry : entries_)
    if (entry.state == State::to_push) addresses.push_back(entry.address);
  return addresses;
}

void VerificationBatch::mark_pushed(const std::vector<std::string>& addresses, std::int64_t now_ms) {
  for (const auto& address : addresses) {
    auto* entry = entry_for(address);
    if (!entry) continue;
    entry->pushed = true;
    entry->state = State::verifying;
    entry->waiting_since_ms = now_ms;
    entry->interval_ms = settings_->verifier_first_poll.count();
    entry->next_check_ms = now_ms + entry->interval_ms;
  }
}

nlohmann::json VerificationBatch::checkpoint() const {
  nlohmann::json pushed = nlohmann::json::array();
  for (const auto& entry : entries_)
    if (entry.pushed) pushed.push_back(entry.address);
  return {{"pushed", pushed}};
}

void VerificationBatch::expire(std::int64_t now_ms) {
  for (auto& entry : entries_) {
    if (entry.state == State::greylisted && now_ms - entry.greylisted_since_ms >= settings_->greylist_max_wait.count()) {
      entry.state = State::final;  // reported unknown / greylisted, as the vocabulary says
    } else if ((entry.state == State::verifying || entry.state == State::unknown) && entry.waiting_since_ms > 0 &&
               now_ms - entry.waiting_since_ms >= settings_->verifier_max_wait.count()) {
      entry.state = State::failed;
      entry.error = "Snov.io was still verifying " + entry.address + " after " + std::to_string(now_ms - entry.waiting_since_ms) +
                    " ms (verifier_max_wait_ms); retry later.";
    }
  }
}

bool VerificationBatch::settled() const {
  return std::all_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.state == State::final || e.state == State::failed; });
}

std::int64_t VerificationBatch::next_check_ms() const {
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  for (const auto& entry : entries_)
    if (entry.state == State::verifying || entry.state == State::greylisted || entry.state == State::unknown)
      next = std::min(next, entry.next_check_ms);
  return next;
}

std::vector<std::string> VerificationBatch::due(std::int64_t now_ms) const {
  std::vector<std::string> addresses;
  for (const auto& entry : entries_)
    if ((entry.state == State::verifying || entry.state == State::greylisted || entry.state == State::unknown) && entry.next_check_ms <= now_ms)
      addresses.push_back(entry.address);
  return addresses;
}

// 1 credit per pushed address, except one still greylisted: "we don't charge for emails with
// greylisted status until we finish validating them".
sdk::Outcome VerificationBatch::outcome() const {
  nlohmann::json items = nlohmann::json::array();
  double credits = 0;
  for (const auto& entry : entries_)
    if (entry.pushed && entry.data.value("smtpStatus", "") != "greylisted") credits += 1;
  for (const auto& item : items_) {
    if (!item.entry) {
      items.push_back(item_error(sdk::ErrorCode::invalid_input, "verify_email needs an email for Snov.io's verifier."));
      continue;
    }
    const auto& entry = entries_[*item.entry];
    if (entry.state == State::failed)
      items.push_back(item_error(sdk::ErrorCode::timeout, entry.error));
    else if (entry.data.is_object() && !entry.data.empty())
      items.push_back(verify_output(entry.data, entry.raw));
    else
      items.push_back(item_error(sdk::ErrorCode::bad_response, "Snov.io gave no verification result for " + entry.address + "."));
  }
  return sdk::done({{"items", items}}, credits);
}

}  // namespace leadflow::snov
