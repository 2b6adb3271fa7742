// Checks a workflow against its plugins; see bound_workflow.hpp.
#include "engine/bound_workflow.hpp"

#include "spelling/spelling.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace leadflow::engine {
namespace {

using workflow::Diagnostic;

std::string joined_names(const auto& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item.name;
  return out;
}

workflow::SourceLocation config_location(const workflow::ProviderSpec& spec, const std::string& key) {
  if (auto it = spec.config_locations.find(key); it != spec.config_locations.end()) return it->second;
  return spec.where;
}

// In the sandbox the simulator supplies credentials, so a secret left unset is not a mistake.
bool overlaid(const nlohmann::json& overlay, const workflow::ProviderSpec& spec, const workflow::UnresolvedVariable& var) {
  const std::string prefix = "providers." + spec.name + ".config.";
  if (var.path.rfind(prefix, 0) != 0) return false;
  return overlay.contains(var.path.substr(prefix.size()));
}

void bind_batching(const workflow::StepSpec& spec, const plugin::Manifest& manifest, const plugin::Capability& capability,
                   BoundStep& step, std::vector<Diagnostic>& problems) {
  const bool asks = spec.batch_size || spec.batch_linger_ms;
  if (capability.max_batch <= 1) {
    if (asks)
      problems.push_back({spec.batch_where, fmt::format("capability '{}' of plugin '{}' takes one record at a time", spec.capability, manifest.id),
                          "remove `batch:` from this step"});
    return;
  }
  if (spec.batch_size && *spec.batch_size > capability.max_batch)
    problems.push_back({spec.batch_where,
                        fmt::format("batch size {} is above the {} records per call that capability '{}' of plugin '{}' accepts",
                                    *spec.batch_size, capability.max_batch, spec.capability, manifest.id),
                        fmt::format("use `size: {}` or less", capability.max_batch)});
  step.batch_size = static_cast<std::size_t>(std::min(spec.batch_size.value_or(capability.max_batch), capability.max_batch));
  if (spec.batch_linger_ms) step.batch_linger_ms = *spec.batch_linger_ms;
}

void bind_rate_limits(const workflow::ProviderSpec& spec, const plugin::Manifest& manifest, std::vector<Diagnostic>& problems) {
  std::vector<std::string> classes{"default"};
  for (const auto& rate_class : manifest.rate_limits)
    if (rate_class.name != "default") classes.push_back(rate_class.name);
  for (const auto& override : spec.rate_limits)
    if (std::find(classes.begin(), classes.end(), override.rate_class) == classes.end())
      problems.push_back({override.where, fmt::format("plugin '{}' has no rate-limit class '{}'", manifest.id, override.rate_class),
                          spelling::did_you_mean_hint(override.rate_class, classes)});
}

void bind_step(BoundWorkflow& bound, std::size_t index, std::vector<Diagnostic>& problems) {
  const auto& spec = bound.workflow.steps[index];
  auto provider = std::find_if(bound.providers.begin(), bound.providers.end(),
                               [&](const BoundProvider& p) { return p.name == spec.provider; });
  if (provider == bound.providers.end() || !provider->plugin) return;  // reported already

  const auto& manifest = provider->plugin->manifest();
  const auto* capability = manifest.capability(spec.capability);
  if (!capability) {
    problems.push_back({spec.capability_where,
                        fmt::format("plugin '{}' (provider '{}') has no capability '{}'", manifest.id, provider->name, spec.capability),
                        fmt::format("it offers: {}", joined_names(manifest.capabilities))});
    return;
  }
  for (const auto& input : spec.inputs) {
    auto known = std::any_of(capability->input.begin(), capability->input.end(), [&](const auto& f) { return f.name == input.field; });
    if (!known)
      problems.push_back({input.where, fmt::format("capability '{}' of plugin '{}' takes no input '{}'", spec.capability, manifest.id, input.field),
                          fmt::format("its inputs are: {}", joined_names(capability->input))});
  }

  BoundStep step{index, static_cast<std::size_t>(provider - bound.providers.begin()), spec.capability, {"status"}};
  for (const auto& field : capability->output)
    if (field.name != "status" && field.name != "raw") step.output_fields.push_back(field.name);
  bind_batching(spec, manifest, *capability, step, problems);
  bound.steps.push_back(std::move(step));
}

}  // namespace

std::vector<std::string> BoundWorkflow::step_columns(const BoundStep& step) const {
  std::vector<std::string> columns;
  const auto& id = spec(step).id;
  for (const auto& field : step.output_fields) columns.push_back(id + "." + field);
  columns.push_back(id + ".error");
  return columns;
}

BoundWorkflow bind_workflow(workflow::Workflow wf, plugin::PluginCatalog& catalog, const SandboxOverlay& sandbox) {
  BoundWorkflow bound;
  bound.workflow = std::move(wf);
  std::vector<Diagnostic> problems;

  for (auto& spec : bound.workflow.providers) {
    BoundProvider provider{spec.name, nullptr, spec.config};
    try {
      provider.plugin = catalog.find(spec.plugin);
    } catch (const std::exception& e) {
      problems.push_back({spec.plugin_where, fmt::format("provider '{}': {}", spec.name, e.what()),
                          "`leadflow plugins list` shows the plugins this host can load"});
      bound.providers.push_back(std::move(provider));
      continue;
    }

    nlohmann::json overlay = sandbox ? sandbox(*provider.plugin) : nlohmann::json::object();
    std::erase_if(spec.unresolved, [&](const auto& var) { return overlaid(overlay, spec, var); });
    if (!provider.config.is_object()) provider.config = nlohmann::json::object();
    for (const auto& [key, value] : overlay.items()) provider.config[key] = value;

    auto validated = plugin::validate_config(provider.plugin->manifest(), provider.config);
    for (const auto& problem : validated.problems)
      problems.push_back({config_location(spec, problem.key), fmt::format("provider '{}': {}", spec.name, problem.message), problem.hint});
    provider.config = std::move(validated.config);
    provider.secret_values = std::move(validated.secret_values);
    bind_rate_limits(spec, provider.plugin->manifest(), problems);
    bound.providers.push_back(std::move(provider));
  }

  for (auto& diagnostic : workflow::check_variables(bound.workflow)) problems.push_back(std::move(diagnostic));

  for (std::size_t i = 0; i < bound.workflow.steps.size(); ++i) bind_step(bound, i, problems);

  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    throw workflow::WorkflowError(std::move(problems));
  }
  return bound;
}

}  // namespace leadflow::engine
