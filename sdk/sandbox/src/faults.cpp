// Parsing fault specs and drawing faults; see faults.hpp.
#include <leadflow/sandbox/faults.hpp>

#include <stdexcept>
#include <string_view>

namespace leadflow::sandbox {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

[[noreturn]] void bad_entry(const std::string& entry, const std::string& why) {
  throw std::invalid_argument("Bad fault '" + entry + "': " + why +
                              ". Expected entries like 5xx:0.1, drop:0.05, slow:0.05:3000, malformed:0.05, "
                              "429:0.1:retry-after=2 or 5xx-burst:5, separated by commas.");
}

std::int64_t whole_number(const std::string& entry, const std::string& text, const char* what) {
  try {
    std::size_t used = 0;
    const auto value = std::stoll(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  bad_entry(entry, std::string(what) + " must be a whole number >= 0, got '" + text + "'");
}

double probability(const std::string& entry, const std::string& text) {
  try {
    std::size_t used = 0;
    const auto value = std::stod(text, &used);
    if (used == text.size() && value >= 0 && value <= 1) return value;
  } catch (const std::exception&) {
  }
  bad_entry(entry, "the probability must be a number from 0 to 1, got '" + text + "'");
}

FaultKind kind_named(const std::string& entry, std::string_view name) {
  if (name == "5xx") return FaultKind::server_error;
  if (name == "drop") return FaultKind::drop;
  if (name == "slow") return FaultKind::slow;
  if (name == "malformed") return FaultKind::malformed;
  if (name == "429") return FaultKind::too_many_requests;
  bad_entry(entry, "unknown kind '" + std::string(name) + "' (known: 5xx, drop, slow, malformed, 429)");
}

// The parameters after the probability or burst count: slow's delay, 429's retry-after.
void read_parameters(const std::string& entry, const std::vector<std::string>& parts, Fault& fault) {
  if (fault.kind == FaultKind::slow) {
    if (parts.size() != 3) bad_entry(entry, "slow needs a delay in milliseconds, as in slow:0.05:3000");
    fault.slow_ms = whole_number(entry, parts[2], "the delay");
  } else if (fault.kind == FaultKind::too_many_requests && parts.size() == 3) {
    if (!parts[2].starts_with("retry-after=")) bad_entry(entry, "429 takes only retry-after=SECONDS");
    fault.retry_after_s = whole_number(entry, parts[2].substr(12), "retry-after");
  } else if (parts.size() != 2) {
    bad_entry(entry, "too many ':' fields");
  }
}

FaultRule parse_entry(const std::string& entry) {
  const auto parts = split(entry, ':');
  if (parts.size() < 2) bad_entry(entry, "a kind needs a probability or, for a burst, a count");
  std::string_view name = parts[0];
  const bool burst = name.ends_with("-burst");
  if (burst) name.remove_suffix(6);
  FaultRule rule{Fault{kind_named(entry, name)}};
  if (burst)
    rule.burst = whole_number(entry, parts[1], "the burst length");
  else
    rule.probability = probability(entry, parts[1]);
  read_parameters(entry, parts, rule.fault);
  return rule;
}

}  // namespace

std::vector<FaultRule> parse_fault_spec(const std::string& spec) {
  std::vector<FaultRule> rules;
  double total_probability = 0;
  for (const auto& raw : split(spec, ',')) {
    const auto entry = trim(raw);
    if (entry.empty()) continue;
    rules.push_back(parse_entry(entry));
    total_probability += rules.back().probability;
  }
  if (total_probability > 1.0 + 1e-9)
    throw std::invalid_argument("Bad fault spec '" + spec + "': the probabilities add up to more than 1.");
  return rules;
}

void Faults::configure(const std::string& spec) {
  auto rules = parse_fault_spec(spec);
  std::lock_guard lock(mutex_);
  spec_ = spec;
  probabilistic_.clear();
  bursts_.clear();
  injected_ = 0;
  for (auto& rule : rules) (rule.burst > 0 ? bursts_.push_back(rule) : probabilistic_.push_back(rule));
}

std::string Faults::spec() const {
  std::lock_guard lock(mutex_);
  return spec_;
}

std::optional<Fault> Faults::next() {
  std::lock_guard lock(mutex_);
  if (!bursts_.empty()) {
    auto fault = bursts_.front().fault;
    if (--bursts_.front().burst == 0) bursts_.pop_front();
    ++injected_;
    return fault;
  }
  if (probabilistic_.empty()) return std::nullopt;
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  double cumulative = 0;
  for (const auto& rule : probabilistic_) {
    cumulative += rule.probability;
    if (draw < cumulative) {
      ++injected_;
      return rule.fault;
    }
  }
  return std::nullopt;
}

std::int64_t Faults::injected() const {
  std::lock_guard lock(mutex_);
  return injected_;
}

}  // namespace leadflow::sandbox
