// Workflow YAML v1 as a checked model: the providers (plugin + config), the input and output
// files, and the steps run in order for each record. load_workflow() reports every mistake in
// the file at once, before any request is made; docs/workflows.md is the user's reference.
#pragma once

#include "workflow/diagnostic.hpp"
#include "workflow/environment.hpp"
#include "workflow/source_location.hpp"
#include "workflow/template.hpp"
#include "workflow/unresolved_variable.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::workflow {

// A provider's own limits for one rate-limit class of its plugin, e.g. a Snov.io plan's hourly
// cap. Fields left unset keep the manifest's value.
struct RateLimitOverride {
  std::string rate_class;
  std::optional<double> per_second, per_minute, per_hour, per_day;
  std::optional<int> burst, max_in_flight;
  SourceLocation where;  // the class name
};

// `retry:` of a provider: how hard the host tries an idempotent request before giving up.
struct RetrySpec {
  std::optional<int> attempts;              // sends in all, the first included
  std::optional<std::int64_t> max_wait_ms;  // total time spent waiting between attempts (and on 429s)
};

// One entry of `providers:`. The config is interpolated but not yet checked: the plugin's
// manifest decides which keys and types are valid, using config_locations to point at them.
// Values written with ${...} are always strings; bare values are typed as YAML reads them.
struct ProviderSpec {
  std::string name;    // the key under `providers:`, used by steps
  std::string plugin;  // plugin id
  nlohmann::json config = nlohmann::json::object();
  SourceLocation where;         // the provider's name
  SourceLocation plugin_where;  // the `plugin:` value
  std::map<std::string, SourceLocation> config_locations;  // config key -> its value (its key when the value is empty)
  std::vector<UnresolvedVariable> unresolved;              // unset ${VAR}s in this provider's keys

  std::optional<double> budget;       // credits this provider may spend in one run
  std::optional<int> max_in_flight;   // operations of this provider at once
  std::vector<RateLimitOverride> rate_limits;
  RetrySpec retry;
};

// One column of `output: columns:` — a record path written under a header of the user's choice.
struct OutputColumnSpec {
  std::string header;  // what the column is called in the output
  std::string path;    // where the value is in the record: "first_name", "find.email"
  SourceLocation where;
};

// `input:` or `output:`. A relative path is resolved against the workflow file's directory.
struct FileSpec {
  std::optional<std::filesystem::path> path;
  std::optional<std::string> format;  // "csv" or "jsonl"; nullopt: decided by the extension
  SourceLocation where;               // the map; unknown when the key is absent
  std::vector<OutputColumnSpec> columns;  // output only: the columns chosen, in order; empty = the default
  bool neutralise_formulas = true;        // output only: `formulas: keep` turns it off
};

// One `input:` entry of a step: the capability input field and the template that fills it.
struct StepInput {
  std::string field;
  Template value;
  SourceLocation where;        // the field's key
  SourceLocation value_where;  // the template
};

// What a step does when its operation fails for a row.
enum class OnError {
  skip_row,  // the row's later steps are skipped; the row is written with the error (the default)
  next_step, // `continue`: the row goes on to its next step
  stop_run   // the run stops (what is finished is saved; resume continues)
};

// `verify:` of a waterfall: a found email must pass this verification before the waterfall stops.
struct WaterfallVerify {
  std::string provider;  // a key of Workflow::providers, whose plugin offers verify_email
  SourceLocation provider_where;
  // The weakest verdict accepted: "deliverable" (only), "catch_all" (also catch-all domains) or
  // "risky" (anything risky too).
  std::string accept = "deliverable";
  SourceLocation accept_where;
};

// `waterfall:` of a step with several providers.
struct WaterfallSpec {
  // Outcomes after which the next provider is tried: "not_found" and error codes. Defaults to
  // not_found plus the codes that say the provider cannot serve now (see default_next_on()).
  std::vector<std::string> next_on;
  SourceLocation next_on_where;
  std::optional<WaterfallVerify> verify;
};
const std::vector<std::string>& default_next_on();

// `when:` of a step: a jq expression over the record; the step runs when it is truthy.
struct Condition {
  std::string text;
  SourceLocation where;
};

struct StepSpec {
  std::string id;          // outputs land in the record under this id
  std::string capability;  // e.g. "find_email"
  // Keys of Workflow::providers: one, or several tried in order (a waterfall).
  std::vector<std::string> providers;
  std::vector<SourceLocation> provider_wheres;
  std::vector<StepInput> inputs;
  SourceLocation where;  // the step's map
  SourceLocation capability_where, provider_where;
  SourceLocation id_where;  // the `id:` value
  std::optional<Condition> when;
  std::optional<WaterfallSpec> waterfall;  // set when the step lists several providers or a verify
  OnError on_error = OnError::skip_row;

  // `batch:` for a capability that takes records in batches: at most `batch_size` records per
  // call (nullopt: the plugin's maximum), waiting at most `batch_linger_ms` for a batch to fill.
  std::optional<int> batch_size;
  std::optional<std::int64_t> batch_linger_ms;
  SourceLocation batch_where;  // the `batch:` key's value; unknown when absent
};

struct Workflow {
  std::filesystem::path file;  // as given to load_workflow
  std::string name;
  int version = 1;
  std::vector<ProviderSpec> providers;
  FileSpec input, output;
  std::vector<StepSpec> steps;
  std::optional<double> budget;  // credits the whole run may spend, all providers together
  SourceLocation budget_where;
  std::optional<std::int64_t> cache_ttl_ms;  // `cache: {ttl: ...}`: how long a paid result answers again
  // `suppression:` do-not-contact files (emails and domains) no add_to_list / add_to_campaign
  // step ever sends; relative paths resolved against the workflow's directory.
  std::vector<std::filesystem::path> suppression;
  SourceLocation suppression_where;
  std::vector<UnresolvedVariable> unresolved_outside_providers;  // unset ${VAR}s in input, output, steps...

  const ProviderSpec* provider(std::string_view name) const;
  // Every unset ${VAR} of the file, in file order.
  std::vector<UnresolvedVariable> unresolved() const;
};

// Reads and checks a workflow file. Throws WorkflowError with every problem found (or one
// diagnostic when the file cannot be read). Unset ${VAR}s are not errors here: see check_variables.
Workflow load_workflow(const std::filesystem::path& file, const Environment& environment = process_environment());

// The same from text; `file_name` is used in diagnostics and to resolve relative paths.
Workflow parse_workflow(std::string_view yaml_text, const std::filesystem::path& file_name, const Environment& environment);

// One diagnostic per unset ${VAR} without a default, at the reference.
std::vector<Diagnostic> check_variables(const Workflow& workflow);

}  // namespace leadflow::workflow
