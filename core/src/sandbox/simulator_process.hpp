// A provider simulator running as a child process on loopback, for `leadflow run --sandbox` and
// the end-to-end tests. The child announces itself with one JSON line on stdout (its base URL
// and the credentials the plugin must use) and lives until its stdin closes, so it can never
// outlive the host that started it, even after a crash.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace leadflow::sandbox {

struct SimulatorEndpoint {
  std::string simulator;  // the provider it simulates
  std::string base_url;
  nlohmann::json config;  // credentials and settings to overlay on the provider config
  std::vector<std::string> observe;  // GET paths (e.g. "/_sandbox/probe") worth reporting after a run
};

struct SimulatorError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// THREAD: one thread at a time.
class SimulatorProcess {
 public:
  // Starts `executable` with `arguments` and waits up to `startup_timeout` for its announcement.
  // Throws SimulatorError saying what went wrong (not found, exited, no announcement).
  static std::unique_ptr<SimulatorProcess> start(const std::filesystem::path& executable, const std::vector<std::string>& arguments,
                                                 bool show_output, std::chrono::milliseconds startup_timeout = std::chrono::seconds(10));
  ~SimulatorProcess();  // closes its stdin, waits briefly, then kills it

  SimulatorProcess(const SimulatorProcess&) = delete;
  SimulatorProcess& operator=(const SimulatorProcess&) = delete;

  const SimulatorEndpoint& endpoint() const { return endpoint_; }
  int pid() const { return pid_; }

 private:
  SimulatorProcess(int pid, int stdin_fd, SimulatorEndpoint endpoint) : pid_(pid), stdin_fd_(stdin_fd), endpoint_(std::move(endpoint)) {}

  int pid_;
  int stdin_fd_;
  SimulatorEndpoint endpoint_;
};

}  // namespace leadflow::sandbox
