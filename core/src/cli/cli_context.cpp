// Shared subcommand set-up; see cli_context.hpp.
#include "cli/cli_context.hpp"

#include "engine/record_fields.hpp"

#include "workflow/workflow.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace leadflow::cli {

plugin::PluginCatalog CliContext::catalog() const {
  return plugin::PluginCatalog(plugin::SearchPath::standard(options.plugin_dirs, std::getenv("LEADFLOW_PLUGIN_PATH")));
}

std::optional<engine::BoundWorkflow> load_workflow_or_report(const std::filesystem::path& file, plugin::PluginCatalog& catalog,
                                                             const engine::SandboxOverlay& sandbox) {
  try {
    return engine::bind_workflow(workflow::load_workflow(file), catalog, sandbox);
  } catch (const workflow::WorkflowError& e) {
    for (const auto& d : e.diagnostics) fmt::print(stderr, "{}\n", workflow::format(d));
    fmt::print(stderr, "leadflow: {} has {} problem{}; nothing was sent to any provider\n", file.string(), e.diagnostics.size(),
               e.diagnostics.size() == 1 ? "" : "s");
  } catch (const std::exception& e) {  // e.g. a sandbox simulator that would not start
    fmt::print(stderr, "leadflow: error: {}\n", e.what());
  }
  return std::nullopt;
}

nlohmann::json sandbox_placeholders(const plugin::Plugin& plugin) {
  nlohmann::json overlay{{"base_url", "http://127.0.0.1/"}};
  for (const auto& field : plugin.manifest().config)
    if (field.secret) overlay[field.name] = "sandbox";
  return overlay;
}

bool check_fields_or_report(const engine::BoundWorkflow& bound, const std::vector<std::string>& input_columns) {
  const auto problems = engine::check_record_fields(bound, input_columns);
  for (const auto& d : problems) fmt::print(stderr, "{}\n", workflow::format(d));
  if (!problems.empty())
    fmt::print(stderr, "leadflow: {} reads {} field{} its input does not have; nothing was sent to any provider\n",
               bound.workflow.file.string(), problems.size(), problems.size() == 1 ? "" : "s");
  return problems.empty();
}

std::filesystem::path state_directory(const std::string& state_option, const std::string& workflow) {
  if (!state_option.empty()) return state_option;
  if (!workflow.empty()) return std::filesystem::path(workflow).parent_path() / ".leadflow";
  return ".leadflow";
}

}  // namespace leadflow::cli
