// The common main() of simulator executables: the one-line announcement the host waits for, and
// serving until the host goes away (stdin EOF) or a signal asks to stop. Flags are read in
// simulator_options.cpp.
#include <leadflow/sandbox/simulator.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

namespace leadflow::sandbox {
namespace {

// Blocks until stdin reaches EOF (or fails) or SIGTERM/SIGINT arrives. The signals must already
// be blocked in every thread (see simulator_main), so signalfd receives them.
void wait_for_stop_request(const sigset_t& stop_signals) {
  const int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
  pollfd watched[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
  char buffer[4096];
  while (true) {
    if (poll(watched, signal_fd >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (watched[1].revents & POLLIN) break;
    if (watched[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
      const auto n = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0) break;  // EOF: whoever started us is gone
    }
  }
  if (signal_fd >= 0) ::close(signal_fd);
}

}  // namespace

Simulator::Simulator(std::string name, SimulatorOptions options, const RouteInstaller& install_routes)
    : name_(std::move(name)), context_(std::move(options)) {
  install_control_routes(server_, context_);
  install_routes(server_, context_);
  server_.inject_faults_from(context_.faults);
  server_.delay_answers_by(context_.clock.real_duration(context_.options.latency_ms));
}

nlohmann::json Simulator::announcement() const {
  nlohmann::json announcement{{"simulator", name_}, {"base_url", base_url()}, {"config", context_.announced_config}};
  if (!context_.observed_paths.empty()) announcement["observe"] = context_.observed_paths;
  return announcement;
}

int simulator_main(int argc, char** argv, const std::string& name, const RouteInstaller& install_routes) {
  const std::string program = "leadflow-" + name + "-sim";
  std::optional<SimulatorOptions> options;
  try {
    options = parse_simulator_options(argc, argv, name);
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 2;
  }
  if (!options) return 0;

  // Block the stop signals before the server starts its threads, so only signalfd sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  try {
    Simulator simulator(name, *options, install_routes);
    simulator.start();
    std::cout << simulator.announcement().dump() << std::endl;
    std::cerr << program << ": serving " << simulator.base_url() << " (time scale " << options->time_scale
              << "); close stdin or send SIGTERM to stop\n";
    wait_for_stop_request(stop_signals);
    simulator.stop();
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace leadflow::sandbox
