// `leadflow validate`; see validate_command.hpp.
#include "cli/validate_command.hpp"

#include "cli/exit_codes.hpp"
#include "io/record_reader.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace leadflow::cli {
void add_validate_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto file = std::make_shared<std::string>();
  auto sandbox = std::make_shared<bool>(false);
  auto input_override = std::make_shared<std::string>();
  auto* validate = app.add_subcommand("validate", "Check a workflow against its plugins without contacting any provider");
  validate->add_option("workflow", *file, "Workflow YAML file")->required()->check(CLI::ExistingFile);
  validate->add_flag("--sandbox", *sandbox, "Validate as `run --sandbox` would (credentials come from the simulators)");
  validate->add_option("-i,--input", *input_override, "Lead list whose columns the templates are checked against (default: input.path)");
  validate->callback([&context, &exit_status, file, sandbox, input_override] {
    auto catalog = context.catalog();
    engine::SandboxOverlay overlay;
    if (*sandbox) overlay = sandbox_placeholders;
    auto bound = load_workflow_or_report(*file, catalog, overlay);
    if (!bound) {
      exit_status = exit_code::config;
      return;
    }
    const auto input = input_override->empty() ? bound->workflow.input.path : std::optional<std::filesystem::path>(*input_override);
    if (input && std::filesystem::is_regular_file(*input)) {
      try {
        if (!check_fields_or_report(*bound, io::open_reader(*input, std::nullopt)->columns())) {
          exit_status = exit_code::config;
          return;
        }
      } catch (const io::Error& e) {
        fmt::print(stderr, "leadflow: {}\n", e.what());
        exit_status = exit_code::bad_input;
        return;
      }
    }
    const auto steps = bound->workflow.steps.size();
    if (!context.options.quiet)
      fmt::print(stderr, "{}: ok ({} provider{}, {} step{})\n", *file, bound->providers.size(), bound->providers.size() == 1 ? "" : "s",
                 steps, steps == 1 ? "" : "s");
    exit_status = exit_code::ok;
  });
}

}  // namespace leadflow::cli
