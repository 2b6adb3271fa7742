// `leadflow echo`; see echo_command.hpp.
#include "cli/echo_command.hpp"

#include "cli/exit_codes.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <iostream>

namespace leadflow::cli {
namespace {

constexpr const char* masked = "********";

std::string on_error_name(workflow::OnError on_error) {
  switch (on_error) {
    case workflow::OnError::next_step: return "continue";
    case workflow::OnError::stop_run: return "stop";
    default: return "skip_row";
  }
}

// The provider's config as the run will use it: defaults filled in, secrets masked.
nlohmann::ordered_json provider_json(const engine::BoundProvider& provider, const workflow::ProviderSpec& spec) {
  nlohmann::ordered_json config = nlohmann::ordered_json::object();
  for (const auto& field : provider.plugin->manifest().config) {
    if (!provider.config.contains(field.name)) continue;
    config[field.name] = field.secret ? nlohmann::ordered_json(masked) : nlohmann::ordered_json(provider.config[field.name]);
  }
  nlohmann::ordered_json out{{"plugin", spec.plugin}, {"config", config}};
  if (spec.budget) out["budget"] = *spec.budget;
  if (spec.max_in_flight) out["max_in_flight"] = *spec.max_in_flight;
  if (spec.retry.attempts) out["retry"]["attempts"] = *spec.retry.attempts;
  if (spec.retry.max_wait_ms) out["retry"]["max_wait"] = fmt::format("{}ms", *spec.retry.max_wait_ms);
  for (const auto& limit : spec.rate_limits) {
    auto& entry = out["rate_limits"][limit.rate_class];
    entry = nlohmann::ordered_json::object();
    if (limit.per_second) entry["per_second"] = *limit.per_second;
    if (limit.per_minute) entry["per_minute"] = *limit.per_minute;
    if (limit.per_hour) entry["per_hour"] = *limit.per_hour;
    if (limit.per_day) entry["per_day"] = *limit.per_day;
    if (limit.burst) entry["burst"] = *limit.burst;
    if (limit.max_in_flight) entry["max_in_flight"] = *limit.max_in_flight;
  }
  return out;
}

nlohmann::ordered_json step_json(const engine::BoundWorkflow& bound, const workflow::StepSpec& step) {
  nlohmann::ordered_json out{{"id", step.id}, {"capability", step.capability}};
  out["provider"] = step.providers.size() == 1 ? nlohmann::ordered_json(step.providers.front()) : nlohmann::ordered_json(step.providers);
  if (step.when) out["when"] = step.when->text;
  if (step.waterfall) {
    out["waterfall"]["next_on"] = step.waterfall->next_on;
    if (step.waterfall->verify)
      out["waterfall"]["verify"] = {{"provider", step.waterfall->verify->provider}, {"accept", step.waterfall->verify->accept}};
  }
  out["input"] = nlohmann::ordered_json::object();
  for (const auto& input : step.inputs) out["input"][input.field] = input.value.source();
  for (const auto& bound_step : bound.steps)
    if (&bound.spec(bound_step) == &step && bound_step.batched()) {
      out["batch"] = {{"size", bound_step.batch_size}, {"linger", fmt::format("{}ms", bound_step.batch_linger_ms)}};
      break;
    }
  out["on_error"] = on_error_name(step.on_error);
  return out;
}

nlohmann::ordered_json workflow_json(const engine::BoundWorkflow& bound) {
  const auto& wf = bound.workflow;
  nlohmann::ordered_json out{{"version", wf.version}};
  if (!wf.name.empty()) out["name"] = wf.name;
  if (wf.budget) out["budget"] = *wf.budget;
  if (wf.cache_ttl_ms) out["cache"]["ttl"] = fmt::format("{}ms", *wf.cache_ttl_ms);
  for (const auto& file : wf.suppression) out["suppression"].push_back(file.string());
  for (std::size_t i = 0; i < bound.providers.size(); ++i)
    out["providers"][bound.providers[i].name] = provider_json(bound.providers[i], wf.providers[i]);
  if (wf.input.path) out["input"]["path"] = wf.input.path->string();
  if (wf.input.format) out["input"]["format"] = *wf.input.format;
  if (wf.output.path) out["output"]["path"] = wf.output.path->string();
  if (wf.output.format) out["output"]["format"] = *wf.output.format;
  for (const auto& column : wf.output.columns)
    out["output"]["columns"].push_back(column.header == column.path ? nlohmann::ordered_json(column.path)
                                                                      : nlohmann::ordered_json{{column.header, column.path}});
  out["output"]["formulas"] = wf.output.neutralise_formulas ? "neutralise" : "keep";
  for (const auto& step : wf.steps) out["steps"].push_back(step_json(bound, step));
  return out;
}

void emit(YAML::Emitter& yaml, const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    yaml << YAML::BeginMap;
    for (const auto& [key, item] : value.items()) {
      yaml << YAML::Key << key << YAML::Value;
      emit(yaml, item);
    }
    yaml << YAML::EndMap;
  } else if (value.is_array()) {
    const bool flat = std::all_of(value.begin(), value.end(), [](const auto& item) { return item.is_primitive(); });
    yaml << (flat ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
    for (const auto& item : value) emit(yaml, item);
    yaml << YAML::EndSeq;
  } else if (value.is_string()) {
    yaml << YAML::DoubleQuoted << value.get<std::string>();
  } else if (value.is_null()) {
    yaml << YAML::Null;
  } else {
    yaml << value.dump();
  }
}

}  // namespace

void add_echo_command(CLI::App& app, CliContext& context, int& exit_status) {
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* echo = app.add_subcommand("echo", "Print the workflow as leadflow resolves it (variables, paths, defaults), secrets masked");
  echo->add_option("workflow", *file, "Workflow YAML file")->required()->check(CLI::ExistingFile);
  echo->add_flag("--json", *json, "Print JSON instead of YAML");
  echo->callback([&context, &exit_status, file, json] {
    auto catalog = context.catalog();
    auto bound = load_workflow_or_report(*file, catalog, {});
    if (!bound) {
      exit_status = exit_code::config;
      return;
    }
    const auto resolved = workflow_json(*bound);
    if (*json) {
      std::cout << resolved.dump(2) << "\n";
    } else {
      YAML::Emitter yaml;
      emit(yaml, resolved);
      std::cout << yaml.c_str() << "\n";
    }
    exit_status = exit_code::ok;
  });
}

}  // namespace leadflow::cli
