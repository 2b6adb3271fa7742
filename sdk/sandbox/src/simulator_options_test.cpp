// A simulator's options: its flags, and the LEADFLOW_SANDBOX_* variables behind the absent ones.
#include <leadflow/sandbox/simulator.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

using namespace leadflow::sandbox;

namespace {

// Sets an environment variable for one test, and restores what was there before.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedVariable() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

template <std::size_t N>
std::optional<SimulatorOptions> parse(const char* const (&argv)[N]) {
  return parse_simulator_options(static_cast<int>(N), argv, "echo");
}

std::string refusal_of(const std::function<void()>& parse_call) {
  try {
    parse_call();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("flags set every option and defaults are sane") {
  const char* argv[] = {"sim", "--port", "0", "--time-scale", "120", "--epoch-anchor-ms", "1000", "--seed", "7",
                        "--faults", "5xx:0.1", "--credits", "3", "--latency-ms", "250", "--job-ms", "0", "--no-rate-limits"};
  const auto options = parse(argv);
  REQUIRE(options);
  CHECK(options->time_scale == 120.0);
  CHECK(options->epoch_anchor_ms == 1000);
  CHECK(options->seed == 7);
  CHECK(options->faults == "5xx:0.1");
  CHECK(options->credits == 3);
  CHECK(options->latency_ms == 250);
  CHECK(options->job_ms == 0);
  CHECK_FALSE(options->rate_limits);

  const char* bare[] = {"sim"};
  const auto defaults = parse(bare);
  CHECK(defaults->seed == 42);
  CHECK(defaults->latency_ms == 0);
  CHECK_FALSE(defaults->job_ms);
  CHECK(defaults->rate_limits);
}

TEST_CASE("bad flags are refused before listening") {
  const char* zero_scale[] = {"sim", "--time-scale", "0"};
  CHECK_THROWS_AS(parse(zero_scale), std::invalid_argument);
  const char* bad_faults[] = {"sim", "--faults", "5xx:9"};
  CHECK_THROWS_AS(parse(bad_faults), std::invalid_argument);
  const char* negative_latency[] = {"sim", "--latency-ms=-5"};
  CHECK(refusal_of([&] { parse(negative_latency); }) == "--latency-ms=-5 is not a whole number of virtual milliseconds (0 or more).");
  const char* wordy_job[] = {"sim", "--job-ms", "soon"};
  CHECK(refusal_of([&] { parse(wordy_job); }).starts_with("--job-ms=soon is not a whole number"));
  const char* help[] = {"sim", "--help"};
  CHECK_FALSE(parse(help));
}

TEST_CASE("absent flags are taken from the LEADFLOW_SANDBOX_* variables the host passes on") {
  ScopedVariable faults("LEADFLOW_SANDBOX_FAULTS", "5xx:0.2");
  ScopedVariable latency("LEADFLOW_SANDBOX_LATENCY_MS", "120");
  ScopedVariable job("LEADFLOW_SANDBOX_JOB_MS", "0");
  ScopedVariable rate_limits("LEADFLOW_SANDBOX_RATE_LIMITS", "off");
  const char* bare[] = {"sim"};
  const auto options = parse(bare);
  CHECK(options->faults == "5xx:0.2");
  CHECK(options->latency_ms == 120);
  CHECK(options->job_ms == 0);
  CHECK_FALSE(options->rate_limits);
}

TEST_CASE("a flag wins over its variable, and an empty variable counts as unset") {
  ScopedVariable latency("LEADFLOW_SANDBOX_LATENCY_MS", "120");
  ScopedVariable job("LEADFLOW_SANDBOX_JOB_MS", "");
  ScopedVariable rate_limits("LEADFLOW_SANDBOX_RATE_LIMITS", "on");
  const char* argv[] = {"sim", "--latency-ms", "7", "--no-rate-limits"};
  const auto options = parse(argv);
  CHECK(options->latency_ms == 7);
  CHECK_FALSE(options->job_ms);
  CHECK_FALSE(options->rate_limits);
  const char* bare[] = {"sim"};
  CHECK(parse(bare)->rate_limits);
}

TEST_CASE("a bad variable is refused with a sentence naming it, like a bad flag") {
  const char* bare[] = {"sim"};
  SUBCASE("latency") {
    ScopedVariable latency("LEADFLOW_SANDBOX_LATENCY_MS", "-3");
    CHECK(refusal_of([&] { parse(bare); }) == "LEADFLOW_SANDBOX_LATENCY_MS=-3 is not a whole number of virtual milliseconds (0 or more).");
  }
  SUBCASE("job") {
    ScopedVariable job("LEADFLOW_SANDBOX_JOB_MS", "1.5s");
    CHECK(refusal_of([&] { parse(bare); }).starts_with("LEADFLOW_SANDBOX_JOB_MS=1.5s is not a whole number"));
  }
  SUBCASE("rate limits") {
    ScopedVariable rate_limits("LEADFLOW_SANDBOX_RATE_LIMITS", "no");
    CHECK(refusal_of([&] { parse(bare); }) == R"(LEADFLOW_SANDBOX_RATE_LIMITS=no is neither "on" nor "off".)");
  }
  SUBCASE("a variable behind a given flag is not read") {
    ScopedVariable latency("LEADFLOW_SANDBOX_LATENCY_MS", "soon");
    const char* argv[] = {"sim", "--latency-ms", "5"};
    CHECK(parse(argv)->latency_ms == 5);
  }
}

TEST_CASE("simulator_main exits 2 on a bad variable") {
  ScopedVariable rate_limits("LEADFLOW_SANDBOX_RATE_LIMITS", "maybe");
  char program[] = "sim";
  char* argv[] = {program, nullptr};
  CHECK(simulator_main(1, argv, "echo", [](Server&, SimulatorContext&) {}) == 2);
}
