// Starting the simulators a sandbox run needs; see sandbox_session.hpp.
#include "sandbox/sandbox_session.hpp"

#include <leadflow/sandbox/loopback_client.hpp>

#include <fmt/format.h>

#include <charconv>

namespace leadflow::sandbox {

std::filesystem::path SandboxSession::simulator_path(const plugin::Plugin& plugin) {
  return plugin.path().parent_path() / fmt::format("leadflow-{}-sim", plugin.id());
}

namespace {

std::uint16_t port_of(const std::string& base_url) {
  const auto colon = base_url.find(':', base_url.find("//") + 2);
  std::uint16_t port = 0;
  if (colon != std::string::npos) std::from_chars(base_url.data() + colon + 1, base_url.data() + base_url.size(), port);
  return port;
}

nlohmann::json answer_of(LoopbackClient& client, const std::string& path) {
  const auto response = client.get(path);
  if (response.status != 200) return nullptr;
  return nlohmann::json::parse(response.body, nullptr, false);
}

}  // namespace

nlohmann::json SandboxSession::report() const {
  auto report = nlohmann::json::array();
  for (const auto& [plugin, process] : simulators_) {
    const auto& endpoint = process->endpoint();
    nlohmann::json entry{{"plugin", plugin}, {"base_url", endpoint.base_url}};
    try {
      LoopbackClient client(port_of(endpoint.base_url));
      entry["stats"] = answer_of(client, "/_sandbox/stats");
      entry["ledger"] = answer_of(client, "/_sandbox/ledger");
      entry["observed"] = nlohmann::json::object();
      for (const auto& path : endpoint.observe) entry["observed"][path] = answer_of(client, path);
    } catch (const std::exception& e) {
      entry["error"] = e.what();
    }
    report.push_back(std::move(entry));
  }
  return report;
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
