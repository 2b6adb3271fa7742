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

// In the sandbox the simulator supplies credentials (API keys, user names, client ids), so a
// provider setting left unset there is not a mistake.
bool overlaid(const workflow::ProviderSpec& spec, const workflow::UnresolvedVariable& var) {
  return var.path.rfind("providers." + spec.name + ".config.", 0) == 0;
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

const plugin::Capability* bound_capability(const BoundWorkflow& bound, const std::string& provider_name,
                                           const workflow::SourceLocation& where, const std::string& capability_name,
                                           std::vector<Diagnostic>& problems) {
  auto provider = std::find_if(bound.providers.begin(), bound.providers.end(), [&](const BoundProvider& p) { return p.name == provider_name; });
  if (provider == bound.providers.end() || !provider->plugin) return nullptr;  // reported already
  const auto& manifest = provider->plugin->manifest();
  const auto* capability = manifest.capability(capability_name);
  if (!capability)
    problems.push_back({where, fmt::format("plugin '{}' (provider '{}') has no capability '{}'", manifest.id, provider->name, capability_name),
                        fmt::format("it offers: {}", joined_names(manifest.capabilities))});
  return capability;
}

std::size_t provider_index(const BoundWorkflow& bound, const std::string& name) {
  for (std::size_t i = 0; i < bound.providers.size(); ++i)
    if (bound.providers[i].name == name) return i;
  return 0;
}

BoundStep make_step(std::size_t index, std::size_t provider, const plugin::Capability& capability,
                    StepRole role, std::string key) {
  BoundStep step{index, provider, capability.name, {"status"}};
  for (const auto& field : capability.output)
    if (field.name != "status" && field.name != "raw") step.output_fields.push_back(field.name);
  step.role = role;
  step.key = std::move(key);
  step.fans_out = std::any_of(capability.output.begin(), capability.output.end(),
                              [](const auto& field) { return field.name == "people" && field.type == "array"; });
  step.suppressible = capability.name == "add_to_list" || capability.name == "add_to_campaign";
  return step;
}

void check_inputs(const workflow::StepSpec& spec, const plugin::Manifest& manifest, const plugin::Capability& capability,
                  std::vector<Diagnostic>& problems) {
  for (const auto& input : spec.inputs) {
    auto known = std::any_of(capability.input.begin(), capability.input.end(), [&](const auto& f) { return f.name == input.field; });
    if (!known)
      problems.push_back({input.where, fmt::format("capability '{}' of plugin '{}' takes no input '{}'", spec.capability, manifest.id, input.field),
                          fmt::format("its inputs are: {}", joined_names(capability.input))});
  }
}

// One bound step per provider of the workflow step (and per verification), then the outcome.
void bind_step(BoundWorkflow& bound, std::size_t index, std::vector<Diagnostic>& problems) {
  const auto& spec = bound.workflow.steps[index];
  const auto first = bound.steps.size();
  const bool waterfall = spec.waterfall.has_value();
  const auto* verify = waterfall && spec.waterfall->verify ? &*spec.waterfall->verify : nullptr;
  const plugin::Capability* verifier = nullptr;
  if (verify) {
    verifier = bound_capability(bound, verify->provider, verify->provider_where, "verify_email", problems);
    if (spec.capability != "find_email" && spec.capability != "enrich_person")
      problems.push_back({verify->provider_where, fmt::format("step '{}' ({}) finds no email to verify", spec.id, spec.capability),
                          "a verified waterfall needs a capability that answers an email: find_email or enrich_person"});
  }
  for (std::size_t i = 0; i < spec.providers.size(); ++i) {
    const auto& name = spec.providers[i];
    const auto* capability = bound_capability(bound, name, i == 0 ? spec.capability_where : spec.provider_wheres[i], spec.capability, problems);
    if (!capability) continue;
    const auto provider = provider_index(bound, name);
    const auto& manifest = bound.providers[provider].plugin->manifest();
    check_inputs(spec, manifest, *capability, problems);
    auto step = make_step(index, provider, *capability, waterfall ? StepRole::attempt : StepRole::single,
                          waterfall ? spec.id + "@" + name : spec.id);
    bind_batching(spec, manifest, *capability, step, problems);
    if (step.fans_out && waterfall)
      problems.push_back({spec.provider_where, fmt::format("step '{}': {} cannot be a waterfall", spec.id, spec.capability),
                          "its answer is many rows; use one provider per step and a `when:` on the next"});
    bound.steps.push_back(std::move(step));
    if (verifier) {
      auto check = make_step(index, provider_index(bound, verify->provider), *verifier, StepRole::verification,
                             spec.id + "@" + name + "/verify");
      check.fans_out = check.suppressible = false;
      if (verifier->max_batch > 1) check.batch_size = static_cast<std::size_t>(verifier->max_batch);
      bound.steps.push_back(std::move(check));
    }
  }
  if (waterfall && bound.steps.size() > first) {
    auto outcome = bound.steps[first];
    outcome.role = StepRole::outcome;
    outcome.key = spec.id;
    outcome.batch_size = 1;
    for (std::size_t i = first; i < bound.steps.size(); ++i)
      if (bound.steps[i].role == StepRole::attempt)
        for (const auto& field : bound.steps[i].output_fields)
          if (std::find(outcome.output_fields.begin(), outcome.output_fields.end(), field) == outcome.output_fields.end())
            outcome.output_fields.push_back(field);
    if (verify) outcome.output_fields.insert(outcome.output_fields.end(), {"verify_status", "verify_reason"});
    outcome.output_fields.push_back("attempts");
    bound.steps.push_back(std::move(outcome));
  }
  for (auto i = first; i < bound.steps.size(); ++i) {
    bound.steps[i].first = first;
    bound.steps[i].last = bound.steps.size() - 1;
  }
}

// `when:` conditions compile once, here; the parser has already reported any that do not.
void bind_conditions(BoundWorkflow& bound) {
  for (const auto& spec : bound.workflow.steps)
    bound.conditions.push_back(spec.when ? std::make_shared<const expression::Expression>(expression::Expression::compile(spec.when->text))
                                         : nullptr);
}

}  // namespace

std::vector<std::string> BoundWorkflow::step_columns(const BoundStep& step) const {
  std::vector<std::string> columns;
  if (step.role == StepRole::attempt || step.role == StepRole::verification) return columns;
  const auto& id = spec(step).id;
  for (const auto& field : step.output_fields)
    if (field != "people") columns.push_back(id + "." + field);
  if (step.fans_out)
    for (const auto* field : {"email", "first_name", "last_name", "full_name", "position", "type", "confidence", "email_status"})
      columns.push_back(id + "." + field);
  columns.push_back(id + ".provider");
  columns.push_back(id + ".error");
  return columns;
}

std::string BoundWorkflow::describe(const BoundStep& step) const {
  const auto& id = spec(step).id;
  const auto& provider = providers[step.provider].name;
  switch (step.role) {
    case StepRole::attempt: return fmt::format("{} via {} (waterfall)", id, provider);
    case StepRole::verification: return fmt::format("{} check by {}", id, provider);
    case StepRole::outcome: return fmt::format("{} (waterfall result)", id);
    default: return fmt::format("{} via {}", id, provider);
  }
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
    if (sandbox) std::erase_if(spec.unresolved, [&](const auto& var) { return overlaid(spec, var); });
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
  if (problems.empty()) bind_conditions(bound);

  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    throw workflow::WorkflowError(std::move(problems));
  }
  return bound;
}

}  // namespace leadflow::engine
