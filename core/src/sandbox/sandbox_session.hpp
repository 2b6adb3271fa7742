// `--sandbox`: starts the simulator of each plugin a workflow uses (the executable
// leadflow-<id>-sim next to the plugin) on loopback, sharing the host's clock scale and anchor,
// and supplies the config overlay that points the provider at it.
#pragma once

#include "plugin/plugin_catalog.hpp"
#include "sandbox/simulator_process.hpp"

#include <map>
#include <memory>
#include <string>

namespace leadflow::sandbox {

struct SandboxSettings {
  double time_scale = 60;
  std::int64_t epoch_anchor_ms = 0;
  std::string faults;      // passed to every simulator's --faults
  bool show_simulator_output = false;
};

// THREAD: one thread at a time. Simulators stop when the session is destroyed.
class SandboxSession {
 public:
  explicit SandboxSession(SandboxSettings settings) : settings_(std::move(settings)) {}

  // The config overlay for a provider of `plugin`: {"base_url": ..., <credentials>...}.
  // Starts the plugin's simulator on first use. Throws SimulatorError.
  nlohmann::json overlay_for(const plugin::Plugin& plugin);

  static std::filesystem::path simulator_path(const plugin::Plugin& plugin);
  // What each simulator saw, for the run summary: [{"plugin", "base_url", "stats", "ledger",
  // "observed": {path: answer}}], read from their /_sandbox/ routes while they still run.
  nlohmann::json report() const;
  const std::map<std::string, std::unique_ptr<SimulatorProcess>>& simulators() const { return simulators_; }

 private:
  SandboxSettings settings_;
  std::map<std::string, std::unique_ptr<SimulatorProcess>> simulators_;  // by plugin id
};

}  // namespace leadflow::sandbox
