// `leadflow validate`; see validate_command.hpp.
#include "cli/validate_command.hpp"

#include "cli/exit_codes.hpp"

#include <fmt/format.h>

namespace leadflow::cli {
namespace {

// In sandbox mode the simulators supply credentials and base URLs; validation must accept
// what `run --sandbox` would accept, without starting anything.
nlohmann::json sandbox_placeholders(const plugin::Plugin& plugin) {
  nlohmann::json overlay{{"base_url", "http://127.0.0.1/"}};
  for (const auto& field : plugin.manifest().config)
    if (field.secret) overlay[field.name] = "sandbox";
  return overlay;
}

}  // namespace

void add_validate_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto file = std::make_shared<std::string>();
  auto sandbox = std::make_shared<bool>(false);
  auto* validate = app.add_subcommand("validate", "Check a workflow against its plugins without contacting any provider");
  validate->add_option("workflow", *file, "Workflow YAML file")->required()->check(CLI::ExistingFile);
  validate->add_flag("--sandbox", *sandbox, "Validate as `run --sandbox` would (credentials come from the simulators)");
  validate->callback([&context, &exit_status, file, sandbox] {
    auto catalog = context.catalog();
    engine::SandboxOverlay overlay;
    if (*sandbox) overlay = sandbox_placeholders;
    auto bound = load_workflow_or_report(*file, catalog, overlay);
    if (!bound) {
      exit_status = exit_code::config;
      return;
    }
    if (!context.options.quiet)
      fmt::print(stderr, "{}: ok ({} provider{}, {} step{})\n", *file, bound->providers.size(), bound->providers.size() == 1 ? "" : "s",
                 bound->steps.size(), bound->steps.size() == 1 ? "" : "s");
    exit_status = exit_code::ok;
  });
}

}  // namespace leadflow::cli
