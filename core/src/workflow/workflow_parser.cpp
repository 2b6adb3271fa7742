// Builds the Workflow model from the interpolated YAML tree, collecting every problem of the
// file before giving up; see workflow.hpp.
#include "workflow/map_reader.hpp"
#include "workflow/quantity.hpp"
#include "spelling/spelling.hpp"
#include "workflow/workflow.hpp"
#include "workflow/yaml_json.hpp"
#include "workflow/yaml_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <tuple>

namespace leadflow::workflow {
namespace {

namespace fs = std::filesystem;

bool is_provider_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool is_step_id(std::string_view id) {
  return !id.empty() && id[0] >= 'a' && id[0] <= 'z' && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

class WorkflowParser {
 public:
  WorkflowParser(const fs::path& file, std::vector<Diagnostic>& errors) : errors_(errors) { workflow_.file = file; }

  Workflow parse(YamlTree tree) {
    if (tree.root.kind == YamlNode::Kind::empty) {
      errors_.push_back({tree.root.where, "the workflow file is empty",
                         "start with `version: 1`, then declare `providers:` and `steps:` (see docs/workflows.md)"});
      return std::move(workflow_);
    }
    MapReader top(tree.root, "the workflow", {"version", "name", "budget", "cache", "providers", "input", "output", "steps"}, errors_);
    read_version(top);
    if (const auto* name = top.optional_scalar("name")) workflow_.name = name->text;
    if (const auto* budget = top.optional_scalar("budget")) {
      workflow_.budget = read_positive_number(*budget, errors_);
      workflow_.budget_where = budget->where;
    }
    if (const auto* cache = top.optional("cache")) {
      MapReader reader(*cache, "'cache'", {"ttl"}, errors_);
      if (const auto* ttl = reader.optional_scalar("ttl")) workflow_.cache_ttl_ms = read_duration_ms(*ttl, errors_);
    }
    read_providers(top);
    workflow_.input = read_file_spec(top.optional("input"), "input");
    workflow_.output = read_file_spec(top.optional("output"), "output");
    read_steps(top);
    check_step_ids();
    check_step_providers();
    assign_unresolved(std::move(tree.unresolved));
    return std::move(workflow_);
  }

 private:
  void read_version(const MapReader& top) {
    const auto* version = top.required_scalar("version", "add `version: 1` at the top of the file");
    if (version && version->text != "1")
      errors_.push_back({version->where, fmt::format("unsupported workflow version '{}'; this leadflow reads version 1", version->text),
                         "set `version: 1`"});
  }

  void read_providers(const MapReader& top) {
    const auto* providers = top.required("providers", "declare at least one provider, e.g. `providers: {norbert: {plugin: voilanorbert}}`");
    if (!providers || !top.expect(*providers, YamlNode::Kind::map, "a map from provider names to their plugin and config",
                                  "write each provider as `name:` followed by indented `plugin:` and `config:`"))
      return;
    if (providers->entries.empty())
      errors_.push_back({providers->where, "'providers' declares no provider", "add at least one, e.g. `norbert: {plugin: voilanorbert}`"});
    for (const auto& entry : providers->entries) workflow_.providers.push_back(read_provider(entry));
  }

  ProviderSpec read_provider(const YamlEntry& entry) {
    ProviderSpec spec;
    spec.name = entry.key;
    spec.where = entry.key_where;
    if (!is_provider_name(entry.key))
      errors_.push_back({entry.key_where, fmt::format("the provider name '{}' may only use a-z, 0-9, '_' and '-'", entry.key),
                         "steps refer to providers by this name; e.g. `norbert` or `snov-main`"});

    MapReader provider(entry.value, fmt::format("provider '{}'", entry.key),
                       {"plugin", "config", "budget", "max_in_flight", "rate_limits", "retry"}, errors_);
    if (const auto* plugin = provider.required_scalar("plugin", "name the plugin that serves this provider, e.g. `plugin: voilanorbert`")) {
      spec.plugin = plugin->text;
      spec.plugin_where = plugin->where;
      if (spec.plugin.empty()) errors_.push_back({plugin->where, fmt::format("'{}' is empty", plugin->path), "`leadflow plugins list` shows the plugin ids"});
    }
    if (const auto* config = provider.optional("config")) {
      if (provider.expect(*config, YamlNode::Kind::map, "a map of config keys", "write each setting as `key: value`, indented under `config:`"))
        read_config(*config, spec);
    }
    read_provider_limits(provider, spec);
    return spec;
  }

  // The engine controls of one provider account: budget, concurrency, rate limits, retries.
  void read_provider_limits(const MapReader& provider, ProviderSpec& spec) {
    if (const auto* budget = provider.optional_scalar("budget")) spec.budget = read_positive_number(*budget, errors_);
    if (const auto* max = provider.optional_scalar("max_in_flight"))
      if (auto count = read_count(*max, 1, errors_)) spec.max_in_flight = static_cast<int>(*count);
    if (const auto* limits = provider.optional("rate_limits"))
      if (provider.expect(*limits, YamlNode::Kind::map, "a map from rate-limit classes to limits",
                          "e.g. `rate_limits: {default: {per_minute: 60}}`; `leadflow plugins info` lists the classes"))
        for (const auto& entry : limits->entries) spec.rate_limits.push_back(read_rate_limit(entry));
    if (const auto* retry = provider.optional("retry")) {
      MapReader reader(*retry, fmt::format("'{}'", retry->path), {"attempts", "max_wait"}, errors_);
      if (const auto* attempts = reader.optional_scalar("attempts"))
        if (auto count = read_count(*attempts, 1, errors_)) spec.retry.attempts = static_cast<int>(*count);
      if (const auto* max_wait = reader.optional_scalar("max_wait")) spec.retry.max_wait_ms = read_duration_ms(*max_wait, errors_);
    }
  }

  RateLimitOverride read_rate_limit(const YamlEntry& entry) {
    RateLimitOverride limit;
    limit.rate_class = entry.key;
    limit.where = entry.key_where;
    MapReader reader(entry.value, fmt::format("rate-limit class '{}'", entry.key),
                     {"per_second", "per_minute", "per_hour", "per_day", "burst", "max_in_flight"}, errors_);
    const std::pair<const char*, std::optional<double> RateLimitOverride::*> rates[] = {
        {"per_second", &RateLimitOverride::per_second},
        {"per_minute", &RateLimitOverride::per_minute},
        {"per_hour", &RateLimitOverride::per_hour},
        {"per_day", &RateLimitOverride::per_day}};
    for (const auto& [key, field] : rates)
      if (const auto* value = reader.optional_scalar(key)) limit.*field = read_positive_number(*value, errors_);
    const std::pair<const char*, std::optional<int> RateLimitOverride::*> counts[] = {
        {"burst", &RateLimitOverride::burst}, {"max_in_flight", &RateLimitOverride::max_in_flight}};
    for (const auto& [key, field] : counts)
      if (const auto* value = reader.optional_scalar(key))
        if (auto count = read_count(*value, 1, errors_)) limit.*field = static_cast<int>(*count);
    return limit;
  }

  static void read_config(const YamlNode& config, ProviderSpec& spec) {
    for (const auto& entry : config.entries) {
      spec.config[entry.key] = to_json(entry.value);
      spec.config_locations[entry.key] = entry.value.kind == YamlNode::Kind::empty ? entry.key_where : entry.value.where;
    }
  }

  FileSpec read_file_spec(const YamlNode* node, const std::string& key) {
    FileSpec spec;
    if (!node) return spec;
    spec.where = node->where;
    MapReader file(*node, fmt::format("'{}'", key), {"path", "format"}, errors_);
    if (const auto* path = file.optional_scalar("path")) {
      if (path->text.empty())
        errors_.push_back({path->where, fmt::format("'{}' is empty", path->path), "give a file path, or remove the key and pass it on the command line"});
      else
        spec.path = resolved(path->text);
    }
    if (const auto* format = file.optional_scalar("format")) {
      static const std::vector<std::string> formats{"csv", "jsonl"};
      if (std::find(formats.begin(), formats.end(), format->text) == formats.end())
        errors_.push_back({format->where, fmt::format("unknown {} format '{}'", key, format->text), spelling::did_you_mean_hint(format->text, formats)});
      else
        spec.format = format->text;
    }
    return spec;
  }

  fs::path resolved(const std::string& text) const {
    const fs::path path(text);
    if (path.is_absolute()) return path;
    return (workflow_.file.parent_path() / path).lexically_normal();
  }

  void read_steps(const MapReader& top) {
    const auto* steps = top.required("steps", "add `steps:` with at least one step (id, capability, provider, input)");
    if (!steps || !top.expect(*steps, YamlNode::Kind::sequence, "a list of steps", "start each step with `- id: ...`")) return;
    if (steps->items.empty())
      errors_.push_back({steps->where, "'steps' is an empty list; a workflow needs at least one step", "add a step such as `- id: find`"});
    for (std::size_t index = 0; index < steps->items.size(); ++index) workflow_.steps.push_back(read_step(steps->items[index], index));
  }

  StepSpec read_step(const YamlNode& node, std::size_t index) {
    StepSpec step;
    step.where = node.where;
    MapReader reader(node, step_name(node, index), {"id", "capability", "provider", "input", "batch"}, errors_);
    if (const auto* id = reader.required_scalar("id", "give the step an id, e.g. `id: find`; its outputs are named after it")) {
      step.id = id->text;
      step.id_where = id->where;
      if (!is_step_id(step.id))
        errors_.push_back({id->where, fmt::format("the step id '{}' must start with a-z and use only a-z, 0-9 and '_'", step.id),
                           "the id names the step's output columns, e.g. `find` gives find.email"});
    }
    if (const auto* capability = reader.required_scalar("capability", "name what the step does, e.g. `capability: find_email`")) {
      step.capability = capability->text;
      step.capability_where = capability->where;
    }
    if (const auto* provider = reader.required_scalar("provider", "name one of the providers declared under `providers:`")) {
      step.provider = provider->text;
      step.provider_where = provider->where;
    }
    if (const auto* input = reader.optional("input")) {
      if (reader.expect(*input, YamlNode::Kind::map, "a map from input fields to templates",
                        "write each input as `field: \"{{column}}\"`, indented under `input:`"))
        step.inputs = read_step_inputs(*input, reader);
    }
    if (const auto* batch = reader.optional("batch")) read_batch(*batch, step);
    return step;
  }

  void read_batch(const YamlNode& batch, StepSpec& step) {
    step.batch_where = batch.where;
    MapReader reader(batch, fmt::format("'{}'", batch.path), {"size", "linger"}, errors_);
    if (const auto* size = reader.optional_scalar("size"))
      if (auto count = read_count(*size, 1, errors_)) step.batch_size = static_cast<int>(*count);
    if (const auto* linger = reader.optional_scalar("linger")) step.batch_linger_ms = read_duration_ms(*linger, errors_);
  }

  static std::string step_name(const YamlNode& node, std::size_t index) {
    if (node.kind == YamlNode::Kind::map)
      for (const auto& entry : node.entries)
        if (entry.key == "id" && entry.value.kind == YamlNode::Kind::scalar && !entry.value.text.empty())
          return fmt::format("step '{}'", entry.value.text);
    return fmt::format("step {}", index + 1);
  }

  std::vector<StepInput> read_step_inputs(const YamlNode& input, const MapReader& step) {
    std::vector<StepInput> inputs;
    for (const auto& entry : input.entries) {
      if (entry.value.kind == YamlNode::Kind::empty) {
        errors_.push_back({entry.key_where, fmt::format("the input '{}' has no value", entry.value.path),
                           "write a template such as \"{{domain}}\", or remove the line"});
        continue;
      }
      if (!step.expect(entry.value, YamlNode::Kind::scalar, "a template (a single value)", "quote it, e.g. \"{{first_name}} {{last_name}}\""))
        continue;
      inputs.push_back({entry.key, Template::parse(entry.value.text, entry.value.positions, errors_), entry.key_where});
    }
    return inputs;
  }

  void check_step_ids() {
    std::map<std::string, const StepSpec*> first_with_id;
    for (const auto& step : workflow_.steps) {
      if (step.id.empty()) continue;
      auto [first, inserted] = first_with_id.emplace(step.id, &step);
      if (!inserted)
        errors_.push_back({step.id_where, fmt::format("two steps have the id '{}'", step.id),
                           fmt::format("the first is on line {}; step ids must be unique because they name the output columns",
                                       first->second->where.line)});
    }
  }

  void check_step_providers() {
    if (workflow_.providers.empty()) return;  // already reported: nothing to compare against
    std::vector<std::string> names;
    for (const auto& provider : workflow_.providers) names.push_back(provider.name);
    for (const auto& step : workflow_.steps) {
      if (step.provider.empty() || workflow_.provider(step.provider)) continue;
      errors_.push_back({step.provider_where, fmt::format("step '{}' uses provider '{}', which is not declared under 'providers'", step.id, step.provider),
                         spelling::did_you_mean_hint(step.provider, names)});
    }
  }

  void assign_unresolved(std::vector<UnresolvedVariable> unresolved) {
    for (auto& variable : unresolved) {
      auto owner = std::find_if(workflow_.providers.begin(), workflow_.providers.end(),
                                [&](const ProviderSpec& spec) { return starts_with(variable.path, "providers." + spec.name + "."); });
      if (owner != workflow_.providers.end())
        owner->unresolved.push_back(std::move(variable));
      else
        workflow_.unresolved_outside_providers.push_back(std::move(variable));
    }
  }

  std::vector<Diagnostic>& errors_;
  Workflow workflow_;
};

void sort_by_position(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
}

std::string read_file(const fs::path& file) {
  std::error_code error;
  if (fs::is_directory(file, error))
    throw WorkflowError({{{file.string()}, "cannot read the workflow: it is a directory", "give the path of a .yaml file"}});
  std::ifstream stream(file, std::ios::binary);
  if (!stream)
    throw WorkflowError({{{file.string()}, fmt::format("cannot read the workflow file: {}", std::strerror(errno)),
                          "check the path and that you may read the file"}});
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

}  // namespace

Workflow parse_workflow(std::string_view yaml_text, const fs::path& file_name, const Environment& environment) {
  std::vector<Diagnostic> errors;
  auto tree = read_yaml_tree(yaml_text, file_name.string(), environment, errors);
  if (!tree) throw WorkflowError(std::move(errors));
  auto workflow = WorkflowParser(file_name, errors).parse(std::move(*tree));
  if (!errors.empty()) {
    sort_by_position(errors);
    throw WorkflowError(std::move(errors));
  }
  return workflow;
}

Workflow load_workflow(const fs::path& file, const Environment& environment) {
  return parse_workflow(read_file(file), file, environment);
}

}  // namespace leadflow::workflow
