// A provider simulator: its context, its server with the control routes, and the common main()
// every simulator executable uses. Tests run a Simulator in-process; the host spawns the
// executable, reads its one-line JSON announcement, and closes its stdin to stop it.
#pragma once

#include <leadflow/sandbox/server.hpp>
#include <leadflow/sandbox/simulator_context.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace leadflow::sandbox {

using RouteInstaller = std::function<void(Server&, SimulatorContext&)>;

// Adds the routes every simulator has, never rate-limited, faulted nor delayed:
//   GET  /_sandbox/ledger  -> {"total": N, "entries": [...]}
//   POST /_sandbox/reset   -> clears ledger, rate limits and their statistics, bursts and the
//                             simulator's own state
//   GET  /_sandbox/faults  -> {"spec": "...", "injected": N}
//   POST /_sandbox/faults  <- {"spec": "5xx-burst:5"} (400 with the reason on a bad spec)
//   GET  /_sandbox/stats   -> {"classes": {"search_name": {"allowed": N, "refused": M,
//                              "first_ms": T1, "last_ms": T2}, ...}, "time_scale": X,
//                              "virtual_now_ms": T}   (see RateLimit::stats)
//   GET  /_sandbox/truth   -> every person of the fake world
void install_control_routes(Server& server, SimulatorContext& context);

// THREAD: construct, start and stop from one thread; the routes run on the server's threads.
class Simulator {
 public:
  // Builds the context, installs the control routes and the provider's routes, and puts the
  // fault injector and the latency (options.latency_ms in virtual time) in front of the latter.
  Simulator(std::string name, SimulatorOptions options, const RouteInstaller& install_routes);

  void start() { server_.start(context_.options.port); }
  void stop() { server_.stop(); }
  std::string base_url() const { return server_.origin() + context_.base_path; }
  // {"simulator": name, "base_url": ..., "config": {...credentials...}, "observe": [paths] when any}
  nlohmann::json announcement() const;
  SimulatorContext& context() { return context_; }
  Server& server() { return server_; }

 private:
  std::string name_;
  SimulatorContext context_;
  Server server_;
};

// Flags: --port N, --time-scale X, --epoch-anchor-ms T, --seed N, --faults SPEC, --credits N,
// --latency-ms MS, --job-ms MS, --no-rate-limits, --help. When a flag is absent, these come from
// the environment the host passes on (unset or empty = absent):
//   LEADFLOW_SANDBOX_FAULTS=SPEC  LEADFLOW_SANDBOX_LATENCY_MS=MS  LEADFLOW_SANDBOX_JOB_MS=MS
//   LEADFLOW_SANDBOX_RATE_LIMITS=on|off
// Throws std::invalid_argument on a bad flag or variable, naming it. Returns nullopt when --help
// was asked (the help is printed to stdout).
std::optional<SimulatorOptions> parse_simulator_options(int argc, const char* const* argv, const std::string& name);

// The main() of a simulator executable: parses the flags, starts serving, prints the
// announcement as ONE line of JSON on stdout, then serves until stdin reaches EOF or
// SIGTERM/SIGINT arrives, and returns 0 (2 on bad flags, 1 when it cannot start).
int simulator_main(int argc, char** argv, const std::string& name, const RouteInstaller& install_routes);

}  // namespace leadflow::sandbox
