// Reading a simulator's options from its flags, and from the LEADFLOW_SANDBOX_* variables it
// inherits from the host when a flag is absent, so benchmarks can turn the knobs of every
// simulator a `leadflow run --sandbox` starts without the host knowing about them.
#include <leadflow/sandbox/simulator.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace leadflow::sandbox {
namespace {

constexpr const char* faults_variable = "LEADFLOW_SANDBOX_FAULTS";
constexpr const char* latency_variable = "LEADFLOW_SANDBOX_LATENCY_MS";
constexpr const char* job_variable = "LEADFLOW_SANDBOX_JOB_MS";
constexpr const char* rate_limits_variable = "LEADFLOW_SANDBOX_RATE_LIMITS";

// The variable's value; nullopt when it is unset or empty.
std::optional<std::string> environment_value(const char* variable) {
  const char* value = std::getenv(variable);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

// Throws std::invalid_argument naming the flag or variable unless `text` is a whole number >= 0.
std::int64_t virtual_ms_from(const std::string& source, const std::string& text) {
  std::int64_t value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0)
    throw std::invalid_argument(source + "=" + text + " is not a whole number of virtual milliseconds (0 or more).");
  return value;
}

// Throws std::invalid_argument naming the variable unless `text` is "on" or "off".
bool switch_from(const char* variable, const std::string& text) {
  if (text == "on") return true;
  if (text == "off") return false;
  throw std::invalid_argument(std::string(variable) + "=" + text + " is neither \"on\" nor \"off\".");
}

struct FlagsGiven {
  bool faults = false;
  bool latency = false;
  bool job = false;
  bool rate_limits = false;
};

void take_absent_flags_from_environment(SimulatorOptions& options, const FlagsGiven& given) {
  if (!given.faults) options.faults = environment_value(faults_variable).value_or("");
  if (!given.latency)
    if (const auto value = environment_value(latency_variable)) options.latency_ms = virtual_ms_from(latency_variable, *value);
  if (!given.job)
    if (const auto value = environment_value(job_variable)) options.job_ms = virtual_ms_from(job_variable, *value);
  if (!given.rate_limits)
    if (const auto value = environment_value(rate_limits_variable)) options.rate_limits = switch_from(rate_limits_variable, *value);
}

}  // namespace

std::optional<SimulatorOptions> parse_simulator_options(int argc, const char* const* argv, const std::string& name) {
  SimulatorOptions options;
  std::string latency_ms, job_ms;  // converted below, with the same message as their variables
  bool no_rate_limits = false;
  CLI::App app("Simulator of the " + name +
               " API on 127.0.0.1, for tests and `leadflow run --sandbox`. Prints one JSON line once listening, "
               "then serves until stdin reaches EOF or SIGTERM/SIGINT.");
  app.add_option("--port", options.port, "TCP port on 127.0.0.1; 0 picks a free one")->capture_default_str();
  app.add_option("--time-scale", options.time_scale, "Virtual time runs this many times faster than real time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--epoch-anchor-ms", options.epoch_anchor_ms, "Unix ms where virtual and real time coincide (default: now)");
  app.add_option("--seed", options.seed, "Seed of the fake world, fault draws and other randomness")->capture_default_str();
  const auto* faults_flag =
      app.add_option("--faults", options.faults, "Faults to inject, e.g. 5xx:0.1,drop:0.05,slow:0.05:3000,429:0.1:retry-after=2 "
                                                 "(default: $LEADFLOW_SANDBOX_FAULTS, else none)");
  app.add_option("--credits", options.credits, "Starting credits of every account")->capture_default_str();
  const auto* latency_flag =
      app.add_option("--latency-ms", latency_ms, "Virtual ms every answer of a provider route waits before it is sent; "
                                                 "other connections are served meanwhile, /_sandbox/ routes never wait "
                                                 "(default: $LEADFLOW_SANDBOX_LATENCY_MS, else 0)")
          ->type_name("MS");
  const auto* job_flag =
      app.add_option("--job-ms", job_ms, "Virtual ms every asynchronous job of the provider takes, e.g. a search; 0 answers "
                                         "at once (default: $LEADFLOW_SANDBOX_JOB_MS, else the simulator's own model)")
          ->type_name("MS");
  const auto* no_rate_limits_flag =
      app.add_flag("--no-rate-limits", no_rate_limits, "Never refuse a request for its rate limit; requests are still counted "
                                                       "and answers still carry X-RateLimit-* headers (default: refuse, "
                                                       "unless $LEADFLOW_SANDBOX_RATE_LIMITS=off)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    throw std::invalid_argument(std::string(e.what()) + " (see --help)");
  }

  if (latency_flag->count() > 0) options.latency_ms = virtual_ms_from("--latency-ms", latency_ms);
  if (job_flag->count() > 0) options.job_ms = virtual_ms_from("--job-ms", job_ms);
  if (no_rate_limits) options.rate_limits = false;
  take_absent_flags_from_environment(options, {.faults = faults_flag->count() > 0,
                                               .latency = latency_flag->count() > 0,
                                               .job = job_flag->count() > 0,
                                               .rate_limits = no_rate_limits_flag->count() > 0});

  parse_fault_spec(options.faults);  // fail on a bad spec before listening
  return options;
}

}  // namespace leadflow::sandbox
