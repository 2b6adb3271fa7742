// Starting the simulators a sandbox run needs; see sandbox_session.hpp.
#include "sandbox/sandbox_session.hpp"

#include <fmt/format.h>

namespace leadflow::sandbox {

std::filesystem::path SandboxSession::simulator_path(const plugin::Plugin& plugin) {
  return plugin.path().parent_path() / fmt::format("leadflow-{}-sim", plugin.id());
}

nlohmann::json SandboxSession::overlay_for(const plugin::Plugin& plugin) {
  auto it = simulators_.find(plugin.id());
  if (it == simulators_.end()) {
    std::vector<std::string> args{"--port", "0", "--time-scale", fmt::format("{}", settings_.time_scale), "--epoch-anchor-ms",
                                  std::to_string(settings_.epoch_anchor_ms)};
    if (!settings_.faults.empty()) args.insert(args.end(), {"--faults", settings_.faults});
    auto process = SimulatorProcess::start(simulator_path(plugin), args, settings_.show_simulator_output);
    it = simulators_.emplace(plugin.id(), std::move(process)).first;
  }
  const auto& endpoint = it->second->endpoint();
  nlohmann::json overlay = endpoint.config.is_object() ? endpoint.config : nlohmann::json::object();
  overlay["base_url"] = endpoint.base_url;
  return overlay;
}

}  // namespace leadflow::sandbox
