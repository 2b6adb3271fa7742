// Builds the Workflow model from the interpolated YAML tree, collecting every problem of the
// file before giving up; see workflow.hpp.
#include "expression/expression.hpp"
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
    MapReader top(tree.root, "the workflow",
                  {"version", "name", "budget", "cache", "suppression", "providers", "input", "output", "steps"}, errors_);
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
    read_suppression(top);
    read_providers(top);
    workflow_.input = read_file_spec(top.optional("input"), "input");
    workflow_.output = read_file_spec(top.optional("output"), "output");
    read_steps(top);
    check_step_ids();
    check_step_providers();
    check_step_references();
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

  // `suppression: file` or a list of files.
  void read_suppression(const MapReader& top) {
    const auto* node = top.optional("suppression");
    if (!node) return;
    workflow_.suppression_where = node->where;
    const auto add = [&](const YamlNode& file) {
      if (file.kind != YamlNode::Kind::scalar || file.text.empty())
        return errors_.push_back({file.where, "a suppression entry must be a file path",
                                  "e.g. `suppression: do-not-contact.txt` or a list of such files"});
      workflow_.suppression.push_back(resolved(file.text));
    };
    if (node->kind == YamlNode::Kind::sequence)
      for (const auto& item : node->items) add(item);
    else
      add(*node);
  }

  // `columns:` of `output:`: each item is a record path, or `header: path` to rename it.
  void read_output_columns(const YamlNode& columns, FileSpec& spec) {
    if (columns.kind != YamlNode::Kind::sequence) {
      errors_.push_back({columns.where, "'output.columns' must be a list",
                         "list the columns in order, e.g. `columns: [first_name, find.email, {email_status: verify.status}]`"});
      return;
    }
    for (const auto& item : columns.items) {
      if (item.kind == YamlNode::Kind::scalar && !item.text.empty()) {
        spec.columns.push_back({item.text, item.text, item.where});
      } else if (item.kind == YamlNode::Kind::map && item.entries.size() == 1 && item.entries[0].value.kind == YamlNode::Kind::scalar) {
        spec.columns.push_back({item.entries[0].key, item.entries[0].value.text, item.entries[0].key_where});
      } else {
        errors_.push_back({item.where, "an output column is a record path, or `header: path` to rename it",
                           "e.g. `- find.email` or `- email: find.email`"});
      }
    }
  }

  FileSpec read_file_spec(const YamlNode* node, const std::string& key) {
    FileSpec spec;
    if (!node) return spec;
    spec.where = node->where;
    const bool output = key == "output";
    MapReader file(*node, fmt::format("'{}'", key),
                   output ? std::vector<std::string>{"path", "format", "columns", "formulas"} : std::vector<std::string>{"path", "format"},
                   errors_);
    if (output) {
      if (const auto* columns = file.optional("columns")) read_output_columns(*columns, spec);
      if (const auto* formulas = file.optional_scalar("formulas")) {
        if (formulas->text == "keep") spec.neutralise_formulas = false;
        else if (formulas->text != "neutralise" && formulas->text != "neutralize")
          errors_.push_back({formulas->where, fmt::format("unknown formulas setting '{}'", formulas->text),
                             "`neutralise` (the default: cells starting with = + - @ get a leading ') or `keep`"});
      }
    }
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
    MapReader reader(node, step_name(node, index),
                     {"id", "capability", "provider", "input", "batch", "when", "waterfall", "on_error"}, errors_);
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
    if (const auto* provider = reader.required("provider", "name one of the providers declared under `providers:`, or list several")) {
      step.provider_where = provider->where;
      read_step_providers(*provider, step);
    }
    if (const auto* when = reader.optional_scalar("when")) {
      step.when = Condition{when->text, when->where};
      check_expression(when->text, when->positions, "when:");
    }
    if (const auto* waterfall = reader.optional("waterfall")) read_waterfall(*waterfall, step);
    if (step.providers.size() > 1 && !step.waterfall) step.waterfall = WaterfallSpec{default_next_on(), {}, std::nullopt};
    if (const auto* on_error = reader.optional_scalar("on_error")) {
      static const std::vector<std::string> choices{"continue", "skip_row", "stop"};
      if (on_error->text == "continue") step.on_error = OnError::next_step;
      else if (on_error->text == "stop") step.on_error = OnError::stop_run;
      else if (on_error->text != "skip_row")
        errors_.push_back({on_error->where, fmt::format("unknown on_error '{}'", on_error->text),
                           spelling::did_you_mean_hint(on_error->text, choices) + " (continue, skip_row or stop)"});
    }
    if (const auto* input = reader.optional("input")) {
      if (reader.expect(*input, YamlNode::Kind::map, "a map from input fields to templates",
                        "write each input as `field: \"{{column}}\"`, indented under `input:`"))
        step.inputs = read_step_inputs(*input, reader);
    }
    if (const auto* batch = reader.optional("batch")) read_batch(*batch, step);
    return step;
  }

  // `provider: snov` or `provider: [norbert, snov]` (a waterfall, tried in order).
  void read_step_providers(const YamlNode& node, StepSpec& step) {
    const auto add = [&](const YamlNode& name) {
      if (name.kind != YamlNode::Kind::scalar || name.text.empty())
        return errors_.push_back({name.where, "a step's provider is a name declared under `providers:`",
                                  "write `provider: norbert`, or `provider: [norbert, snov]` for a waterfall"});
      if (std::find(step.providers.begin(), step.providers.end(), name.text) != step.providers.end())
        return errors_.push_back({name.where, fmt::format("provider '{}' is listed twice in this waterfall", name.text),
                                  "each provider is tried once; remove the repetition"});
      step.providers.push_back(name.text);
      step.provider_wheres.push_back(name.where);
    };
    if (node.kind == YamlNode::Kind::sequence) {
      if (node.items.empty())
        errors_.push_back({node.where, "the step's provider list is empty", "list at least one provider, e.g. `provider: [norbert, snov]`"});
      for (const auto& item : node.items) add(item);
    } else {
      add(node);
    }
  }

  void read_waterfall(const YamlNode& node, StepSpec& step) {
    MapReader reader(node, fmt::format("'{}'", node.path), {"next_on", "verify"}, errors_);
    WaterfallSpec waterfall{default_next_on(), {}, std::nullopt};
    if (const auto* next_on = reader.optional("next_on")) {
      waterfall.next_on.clear();
      waterfall.next_on_where = next_on->where;
      static const std::vector<std::string> outcomes{"not_found",      "invalid_input", "auth_failed", "out_of_credits",
                                                     "rate_limited",   "provider_unavailable", "transport",  "timeout",
                                                     "bad_response",   "internal",      "skipped"};
      const auto add = [&](const YamlNode& item) {
        if (item.kind == YamlNode::Kind::scalar && std::find(outcomes.begin(), outcomes.end(), item.text) != outcomes.end())
          return waterfall.next_on.push_back(item.text);
        errors_.push_back({item.where, fmt::format("'{}' is not an outcome a waterfall can move on after", item.text),
                           spelling::did_you_mean_hint(item.text, outcomes) + "; outcomes: not_found or an error code (docs/abi.md)"});
      };
      if (next_on->kind == YamlNode::Kind::sequence)
        for (const auto& item : next_on->items) add(item);
      else
        add(*next_on);
    }
    if (const auto* verify = reader.optional("verify")) {
      MapReader verify_reader(*verify, fmt::format("'{}'", verify->path), {"provider", "accept"}, errors_);
      WaterfallVerify spec;
      if (const auto* provider = verify_reader.required_scalar("provider", "name the provider that verifies, e.g. `provider: verifalia`")) {
        spec.provider = provider->text;
        spec.provider_where = provider->where;
      }
      if (const auto* accept = verify_reader.optional_scalar("accept")) {
        static const std::vector<std::string> levels{"deliverable", "catch_all", "risky"};
        spec.accept_where = accept->where;
        if (std::find(levels.begin(), levels.end(), accept->text) != levels.end()) spec.accept = accept->text;
        else
          errors_.push_back({accept->where, fmt::format("unknown accept level '{}'", accept->text),
                             spelling::did_you_mean_hint(accept->text, levels) + " (deliverable, catch_all or risky)"});
      }
      waterfall.verify = std::move(spec);
    }
    step.waterfall = std::move(waterfall);
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
      inputs.push_back({entry.key, Template::parse(entry.value.text, entry.value.positions, errors_), entry.key_where,
                        entry.value.where});
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
    const auto check = [&](const StepSpec& step, const std::string& provider, const SourceLocation& where) {
      if (provider.empty() || workflow_.provider(provider)) return;
      errors_.push_back({where, fmt::format("step '{}' uses provider '{}', which is not declared under 'providers'", step.id, provider),
                         spelling::did_you_mean_hint(provider, names)});
    };
    for (const auto& step : workflow_.steps) {
      for (std::size_t i = 0; i < step.providers.size(); ++i) check(step, step.providers[i], step.provider_wheres[i]);
      if (step.waterfall && step.waterfall->verify) check(step, step.waterfall->verify->provider, step.waterfall->verify->provider_where);
    }
  }

  // A template or condition may only read a step's outputs once that step has run: a reference
  // to a later step (or to the step itself) is always empty, so it is a mistake.
  void check_step_references() {
    std::vector<std::string> ids;
    for (const auto& step : workflow_.steps) ids.push_back(step.id);
    for (std::size_t index = 0; index < workflow_.steps.size(); ++index) {
      const auto& step = workflow_.steps[index];
      for (const auto& input : step.inputs)
        for (const auto& field : input.value.fields()) {
          const auto head = field.substr(0, field.find('.'));
          const auto later = std::find(ids.begin() + static_cast<std::ptrdiff_t>(index), ids.end(), head);
          if (field.find('.') == std::string::npos || later == ids.end()) continue;
          errors_.push_back({input.value_where, fmt::format("'{}' reads step '{}', which runs {} step '{}'", field, head,
                                                            *later == step.id ? "as" : "after", step.id),
                             "a step can only use the outputs of steps above it; move it below, or use an input column"});
        }
    }
  }

  // A jq expression that does not compile is reported where it is written.
  void check_expression(const std::string& text, const SourceMap& positions, std::string_view what) {
    try {
      expression::Expression::compile(text);
    } catch (const expression::CompileError& error) {
      const auto column = error.column > 0 ? static_cast<std::size_t>(error.column - 1) : 0;
      errors_.push_back({positions.at(std::min(column, text.empty() ? 0 : text.size() - 1)),
                         fmt::format("the {} expression does not compile: {}", what, error.what()),
                         "conditions are jq expressions over the record, e.g. `when: '.find.status == \"found\"'`"});
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
