// What every subcommand shares: the global options, the logger and the plugin catalog, and the
// one way a workflow file is loaded and checked against its plugins (so `validate` and `run`
// can never disagree about what is valid).
#pragma once

#include "engine/bound_workflow.hpp"
#include "plugin/plugin_catalog.hpp"

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace leadflow::cli {

struct GlobalOptions {
  std::vector<std::filesystem::path> plugin_dirs;
  int verbosity = 0;
  bool quiet = false;
};

struct CliContext {
  GlobalOptions options;
  std::shared_ptr<spdlog::logger> logger;

  plugin::PluginCatalog catalog() const;
};

// The state directory (journal and caches): --state when given, else .leadflow/ next to the
// workflow file, else ./.leadflow. `run`, `runs` and `cache` agree on it.
std::filesystem::path state_directory(const std::string& state_option, const std::string& workflow);

// Loads `file`, binds it to its plugins (`sandbox` supplies simulator overlays in sandbox mode)
// and prints every problem as file:line:column. Returns nullopt after printing.
std::optional<engine::BoundWorkflow> load_workflow_or_report(const std::filesystem::path& file, plugin::PluginCatalog& catalog,
                                                             const engine::SandboxOverlay& sandbox);

// In sandbox mode the simulators supply credentials and base URLs: `validate --sandbox` and
// `plan --sandbox` accept what `run --sandbox` would, with these stand-ins, starting nothing.
nlohmann::json sandbox_placeholders(const plugin::Plugin& plugin);

// Prints, as file:line:column, every template field and output column that names neither a
// column of the input nor an earlier step; false when there was one.
bool check_fields_or_report(const engine::BoundWorkflow& bound, const std::vector<std::string>& input_columns);

}  // namespace leadflow::cli
