// Spawning and reaping simulator processes; see simulator_process.hpp.
#include "sandbox/simulator_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace leadflow::sandbox {
namespace {

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw SimulatorError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    read = fds[0];
    write = fds[1];
  }
};

// Reads one line from fd within the deadline; empty when the child exits or stays silent.
std::string read_announcement(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char buffer[512];
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    line.append(buffer, static_cast<std::size_t>(n));
  }
  return line.substr(0, line.find('\n'));
}

void reap(int pid, int stdin_fd) {
  if (stdin_fd >= 0) ::close(stdin_fd);  // the simulator's signal to stop
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

std::unique_ptr<SimulatorProcess> SimulatorProcess::start(const std::filesystem::path& executable, const std::vector<std::string>& arguments,
                                                          bool show_output, std::chrono::milliseconds startup_timeout) {
  if (access(executable.c_str(), X_OK) != 0)
    throw SimulatorError(fmt::format("no simulator at {}: build it, or run without --sandbox", executable.string()));

  Pipe to_child, from_child;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child.read, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child.write, STDOUT_FILENO);
  if (!show_output) posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

  std::vector<std::string> args{executable.string()};
  args.insert(args.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int rc = posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_child.read);
  ::close(from_child.write);
  if (rc != 0) {
    ::close(to_child.write);
    ::close(from_child.read);
    throw SimulatorError(fmt::format("cannot start simulator {}: {}", executable.string(), std::strerror(rc)));
  }

  const auto line = read_announcement(from_child.read, startup_timeout);
  ::close(from_child.read);
  auto announcement = nlohmann::json::parse(line, nullptr, false);
  if (announcement.is_discarded() || !announcement.contains("base_url")) {
    reap(pid, to_child.write);
    throw SimulatorError(fmt::format("simulator {} did not announce itself within {} ms (got: '{}')", executable.filename().string(),
                                     startup_timeout.count(), line.substr(0, 200)));
  }
  SimulatorEndpoint endpoint{announcement.value("simulator", executable.filename().string()), announcement["base_url"].get<std::string>(),
                             announcement.value("config", nlohmann::json::object()),
                             announcement.value("observe", std::vector<std::string>{})};
  return std::unique_ptr<SimulatorProcess>(new SimulatorProcess(pid, to_child.write, std::move(endpoint)));
}

SimulatorProcess::~SimulatorProcess() { reap(pid_, stdin_fd_); }

}  // namespace leadflow::sandbox
