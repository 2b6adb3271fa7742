// Loading Workflow YAML v1: the model built from a valid file, and every kind of mistake
// reported at its exact file:line:column, all at once, without echoing config values.
#include "workflow/workflow.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace leadflow::workflow;

namespace {

Environment environment_with(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    if (auto it = variables.find(name); it != variables.end()) return it->second;
    return std::nullopt;
  };
}

std::vector<Diagnostic> problems_in(std::string_view yaml, const Environment& environment = environment_with({})) {
  try {
    parse_workflow(yaml, "flows/wf.yaml", environment);
  } catch (const WorkflowError& e) {
    return e.diagnostics;
  }
  return {};
}

// "line:column message" for compact, exact checks.
std::string at(const Diagnostic& diagnostic) {
  return std::to_string(diagnostic.where.line) + ":" + std::to_string(diagnostic.where.column) + " " + diagnostic.message;
}

bool has_problem(const std::vector<Diagnostic>& problems, int line, int column, std::string_view words) {
  for (const auto& problem : problems)
    if (problem.where.line == line && problem.where.column == column && problem.message.find(words) != std::string::npos) return true;
  return false;
}

std::string all_text(const std::vector<Diagnostic>& problems) {
  std::string text;
  for (const auto& problem : problems) text += format(problem) + "\n";
  return text;
}

constexpr std::string_view valid_workflow = R"(version: 1
name: Find work emails
providers:
  norbert:
    plugin: voilanorbert
    config:
      api_key: ${VOILANORBERT_API_KEY}
      base_url: ${NORBERT_URL:-https://api.voilanorbert.com/2018-01-08}
      timeout_ms: 2500
      sandbox: false
      label: "007"
input:
  path: leads/find-email.csv
  format: csv
output:
  path: /tmp/out/find-email.jsonl
steps:
  - id: find
    capability: find_email
    provider: norbert
    input:
      full_name: "{{first_name}} {{last_name}}"
      domain: "{{domain}}"
)";

}  // namespace

TEST_CASE("a valid workflow becomes a model with every location recorded") {
  auto wf = parse_workflow(valid_workflow, "flows/wf.yaml", environment_with({{"VOILANORBERT_API_KEY", "k-123"}}));
  CHECK(wf.file == "flows/wf.yaml");
  CHECK(wf.name == "Find work emails");
  CHECK(wf.version == 1);

  REQUIRE(wf.providers.size() == 1);
  const auto& norbert = *wf.provider("norbert");
  CHECK(norbert.plugin == "voilanorbert");
  CHECK(to_string(norbert.where) == "flows/wf.yaml:4:3");
  CHECK(to_string(norbert.plugin_where) == "flows/wf.yaml:5:13");
  CHECK(norbert.config["api_key"] == "k-123");
  CHECK(norbert.config["base_url"] == "https://api.voilanorbert.com/2018-01-08");
  CHECK(norbert.config["timeout_ms"] == 2500);
  CHECK(norbert.config["sandbox"] == false);
  CHECK(norbert.config["label"] == "007");
  CHECK(to_string(norbert.config_locations.at("api_key")) == "flows/wf.yaml:7:16");
  CHECK(to_string(norbert.config_locations.at("timeout_ms")) == "flows/wf.yaml:9:19");
  CHECK(wf.provider("nobody") == nullptr);

  CHECK(wf.input.format == "csv");
  CHECK_FALSE(wf.output.format.has_value());
  CHECK(wf.output.path == std::filesystem::path("/tmp/out/find-email.jsonl"));

  REQUIRE(wf.steps.size() == 1);
  const auto& find = wf.steps[0];
  CHECK(find.id == "find");
  CHECK(find.capability == "find_email");
  CHECK(find.providers == std::vector<std::string>{"norbert"});
  CHECK(to_string(find.where) == "flows/wf.yaml:18:5");
  CHECK(to_string(find.capability_where) == "flows/wf.yaml:19:17");
  CHECK(to_string(find.provider_where) == "flows/wf.yaml:20:15");
  REQUIRE(find.inputs.size() == 2);
  CHECK(find.inputs[0].field == "full_name");
  CHECK(to_string(find.inputs[0].where) == "flows/wf.yaml:22:7");
  CHECK(find.inputs[0].value.render({{"first_name", "Ada"}, {"last_name", "Lovelace"}}) == "Ada Lovelace");
  CHECK(wf.unresolved().empty());
  CHECK(check_variables(wf).empty());
}

TEST_CASE("a relative input path is resolved against the workflow file's directory") {
  auto wf = parse_workflow(valid_workflow, "flows/wf.yaml", environment_with({{"VOILANORBERT_API_KEY", "k"}}));
  CHECK(wf.input.path == std::filesystem::path("flows/leads/find-email.csv"));
}

TEST_CASE("load_workflow reads a file from disk and resolves paths next to it") {
  const auto dir = std::filesystem::temp_directory_path() / "leadflow_workflow_test_load";
  std::filesystem::create_directories(dir);
  const auto file = dir / "find.yaml";
  std::ofstream(file) << valid_workflow;
  auto wf = load_workflow(file, environment_with({{"VOILANORBERT_API_KEY", "k"}}));
  CHECK(wf.input.path == dir / "leads/find-email.csv");
  std::filesystem::remove_all(dir);
}

TEST_CASE("an unreadable file is one diagnostic naming the file") {
  try {
    load_workflow("/nonexistent/leadflow/wf.yaml", environment_with({}));
    FAIL("expected a WorkflowError");
  } catch (const WorkflowError& e) {
    REQUIRE(e.diagnostics.size() == 1);
    CHECK(e.diagnostics[0].where.file == "/nonexistent/leadflow/wf.yaml");
    CHECK(e.diagnostics[0].message.find("cannot read the workflow file") != std::string::npos);
  }
}

TEST_CASE("a YAML syntax error is reported at its line and column") {
  auto problems = problems_in("version: 1\nsteps: [a, b\nname: x\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where.line == 3);
  CHECK(problems[0].where.column == 5);
  CHECK(problems[0].message.find("not valid YAML") != std::string::npos);
  CHECK_FALSE(problems[0].hint.empty());
}

TEST_CASE("an unknown key gets a did-you-mean hint at the key") {
  auto problems = problems_in(R"(version: 1
providers:
  p:
    plugin: x
steps:
  - id: find
    capabilty: find_email
    provider: p
)");
  REQUIRE(problems.size() == 1);  // not also "has no 'capability'": it is there, misspelt
  CHECK(at(problems[0]) == "7:5 unknown key 'capabilty' in step 'find'");
  CHECK(problems[0].hint == "did you mean 'capability'?");
}

TEST_CASE("an unknown top-level key is suggested its closest neighbour") {
  auto problems = problems_in("version: 1\nprovider:\n  p: {plugin: x}\nsteps: [{id: a, capability: c, provider: p}]\n");
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "2:1 unknown key 'provider' in the workflow");
  CHECK(problems[0].hint == "did you mean 'providers'?");
}

TEST_CASE("a missing steps key is reported at the top-level map") {
  auto problems = problems_in("version: 1\nproviders:\n  p:\n    plugin: x\n");
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "1:1 the workflow has no 'steps'");
  CHECK(problems[0].hint.find("steps:") != std::string::npos);
}

TEST_CASE("two steps with the same id are reported at the second id") {
  auto problems = problems_in(R"(version: 1
providers:
  p: {plugin: x}
steps:
  - id: find
    capability: find_email
    provider: p
  - id: find
    capability: verify_email
    provider: p
)");
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "8:9 two steps have the id 'find'");
  CHECK(problems[0].hint.find("line 5") != std::string::npos);
}

TEST_CASE("a step naming an undeclared provider is reported at the name with a suggestion") {
  auto problems = problems_in(R"(version: 1
providers:
  norbert: {plugin: voilanorbert}
steps:
  - id: find
    capability: find_email
    provider: nobert
)");
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "7:15 step 'find' uses provider 'nobert', which is not declared under 'providers'");
  CHECK(problems[0].hint == "did you mean 'norbert'?");
}

TEST_CASE("a bad template is reported at the column of its braces inside a quoted value") {
  auto problems = problems_in(R"(version: 1
providers:
  p: {plugin: x}
steps:
  - id: find
    capability: find_email
    provider: p
    input:
      full_name: "{{first_name}} {{last_name"
      domain: {{}}
)");
  CHECK(has_problem(problems, 9, 34, "never closed"));
  // `{{}}` unquoted is YAML flow syntax: a map used as a key, which is not a template.
  CHECK(has_problem(problems, 10, 15, "must be a template"));
}

TEST_CASE("an empty placeholder after an interpolated variable is still reported at its own column") {
  auto problems = problems_in(R"(version: 1
providers:
  p: {plugin: x}
steps:
  - id: find
    capability: find_email
    provider: p
    input:
      domain: "${PREFIX}{{ }}"
)",
                              environment_with({{"PREFIX", "a-long-prefix-"}}));
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "9:25 empty placeholder '{{}}': name the field to insert");
}

TEST_CASE("a malformed ${ is reported at its exact column") {
  auto problems = problems_in(R"(version: 1
providers:
  p:
    plugin: x
    config:
      url: https://${HOST/v1
      other: 'it''s ${1BAD}'
steps: [{id: a, capability: c, provider: p}]
)");
  REQUIRE(problems.size() == 2);
  CHECK(at(problems[0]).rfind("6:20 unclosed '${'", 0) == 0);
  CHECK(at(problems[1]).rfind("7:21 '${' must be followed by a variable name", 0) == 0);
}

TEST_CASE("an unset variable is recorded with its path and location, not thrown") {
  auto wf = parse_workflow(valid_workflow, "flows/wf.yaml", environment_with({}));
  REQUIRE(wf.providers[0].unresolved.size() == 1);
  const auto& missing = wf.providers[0].unresolved[0];
  CHECK(missing.name == "VOILANORBERT_API_KEY");
  CHECK(missing.path == "providers.norbert.config.api_key");
  CHECK(to_string(missing.where) == "flows/wf.yaml:7:16");
  CHECK(wf.providers[0].config["api_key"] == "");
  CHECK(wf.providers[0].config["base_url"] == "https://api.voilanorbert.com/2018-01-08");

  auto diagnostics = check_variables(wf);
  REQUIRE(diagnostics.size() == 1);
  CHECK(format(diagnostics[0]) ==
        "flows/wf.yaml:7:16: error: environment variable VOILANORBERT_API_KEY is not set; export it or give a default with "
        "${VOILANORBERT_API_KEY:-...}\n  hint: it is used by providers.norbert.config.api_key");
}

TEST_CASE("unset variables outside providers are recorded too") {
  auto wf = parse_workflow(R"(version: 1
providers:
  p: {plugin: x}
input:
  path: ${LEADS_DIR}/leads.csv
steps:
  - id: a
    capability: c
    provider: p
    input:
      list: "x ${LIST_ID}"
)",
                           "wf.yaml", environment_with({}));
  auto unresolved = wf.unresolved();
  REQUIRE(unresolved.size() == 2);
  CHECK(unresolved[0].path == "input.path");
  CHECK(to_string(unresolved[0].where) == "wf.yaml:5:9");
  CHECK(unresolved[1].path == "steps[0].input.list");
  CHECK(to_string(unresolved[1].where) == "wf.yaml:11:16");
}

TEST_CASE("${X:-default} applies when X is unset and when it is empty, and $$ is a dollar") {
  constexpr std::string_view yaml = R"(version: 1
name: "costs $$5"
providers:
  p:
    plugin: x
    config:
      url: ${URL:-http://127.0.0.1:8080}
steps: [{id: a, capability: c, provider: p}]
)";
  auto unset = parse_workflow(yaml, "wf.yaml", environment_with({}));
  CHECK(unset.providers[0].config["url"] == "http://127.0.0.1:8080");
  CHECK(unset.name == "costs $5");
  auto empty = parse_workflow(yaml, "wf.yaml", environment_with({{"URL", ""}}));
  CHECK(empty.providers[0].config["url"] == "http://127.0.0.1:8080");
  auto set = parse_workflow(yaml, "wf.yaml", environment_with({{"URL", "https://x"}}));
  CHECK(set.providers[0].config["url"] == "https://x");
}

TEST_CASE("every problem in the file is reported at once, in file order") {
  auto problems = problems_in(R"(version: 2
providers:
  Norbert:
    plugin: voilanorbert
    config: [a, b]
output:
  format: xml
steps:
  - id: Find
    capability: find_email
    provider: norbert
    input: "{{domain}}"
  - capability: verify_email
    provider: Norbert
)");
  CHECK(all_text(problems).find("error") != std::string::npos);
  REQUIRE(problems.size() == 8);
  CHECK(at(problems[0]) == "1:10 unsupported workflow version '2'; this leadflow reads version 1");
  CHECK(at(problems[1]) == "3:3 the provider name 'Norbert' may only use a-z, 0-9, '_' and '-'");
  CHECK(at(problems[2]) == "5:13 'providers.Norbert.config' must be a map of config keys, not a list");
  CHECK(at(problems[3]) == "7:11 unknown output format 'xml'");
  CHECK(at(problems[4]) == "9:9 the step id 'Find' must start with a-z and use only a-z, 0-9 and '_'");
  CHECK(at(problems[5]).rfind("11:15 step 'Find' uses provider 'norbert'", 0) == 0);
  CHECK(at(problems[6]) == "12:12 'steps[0].input' must be a map from input fields to templates, not a single value");
  CHECK(at(problems[7]) == "13:5 step 2 has no 'id'");
}

TEST_CASE("a step without an id is reported at the step, by its position") {
  auto problems = problems_in("version: 1\nproviders: {p: {plugin: x}}\nsteps:\n  - capability: c\n    provider: p\n");
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "4:5 step 1 has no 'id'");
}

TEST_CASE("wrong kinds of value are reported at the value") {
  auto problems = problems_in("version: 1\nproviders:\n  - p\nsteps:\n  id: a\n");
  REQUIRE(problems.size() == 2);
  CHECK(at(problems[0]) == "3:3 'providers' must be a map from provider names to their plugin and config, not a list");
  CHECK(at(problems[1]) == "5:3 'steps' must be a list of steps, not a map");
}

TEST_CASE("an empty file says so") {
  auto problems = problems_in("# nothing yet\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == "the workflow file is empty");
}

TEST_CASE("a key written twice in one map is reported at the second") {
  auto problems = problems_in("version: 1\nproviders:\n  p:\n    plugin: x\n    plugin: y\nsteps: [{id: a, capability: c, provider: p}]\n");
  REQUIRE(problems.size() == 1);
  CHECK(at(problems[0]) == "5:5 the key 'plugin' appears twice in the same map");
}

TEST_CASE("config values never appear in diagnostics, even next to errors in the same value") {
  constexpr std::string_view secret = "sk_live_PLANTED_SECRET_42";
  auto problems = problems_in(R"(version: 1
providers:
  p:
    plugin: x
    colour: blue
    config:
      api_key: sk_live_PLANTED_SECRET_42${
      token: "sk_live_PLANTED_SECRET_42 ${1x}"
      nested:
        secret: sk_live_PLANTED_SECRET_42
        bad: x${}
      other: ${OK-sk_live_PLANTED_SECRET_42}
      password: ${SK_LIVE_PLANTED_SECRET_42
steps: [{id: a, capability: c, provider: q}]
)");
  CHECK(problems.size() == 7);
  const auto text = all_text(problems);
  CHECK(text.find(secret) == std::string::npos);
  CHECK(text.find("PLANTED") == std::string::npos);
}

TEST_CASE("WorkflowError::what() lists every diagnostic formatted, one after another") {
  WorkflowError error({{{"a.yaml", 1, 2}, "first problem", "fix it"}, {{"a.yaml", 3, 0}, "second problem", ""}});
  CHECK(std::string(error.what()) == "a.yaml:1:2: error: first problem\n  hint: fix it\na.yaml:3: error: second problem");
}

constexpr std::string_view controlled_workflow = R"(version: 1
budget: 250
providers:
  norbert:
    plugin: voilanorbert
    budget: 100.5
    max_in_flight: 8
    rate_limits:
      search_name: {per_minute: 120, burst: 2}
      default: {per_hour: 2500, max_in_flight: 3}
    retry: {attempts: 6, max_wait: 2m}
steps:
  - id: verify
    capability: verify_email
    provider: norbert
    batch: {size: 50, linger: 750ms}
)";

TEST_CASE("budgets, limits, retries and batching are read into the model") {
  const auto wf = parse_workflow(controlled_workflow, "wf.yaml", environment_with({}));
  CHECK(wf.budget == 250);
  CHECK(wf.budget_where.line == 2);
  const auto& p = wf.providers.at(0);
  CHECK(p.budget == 100.5);
  CHECK(p.max_in_flight == 8);
  REQUIRE(p.rate_limits.size() == 2);
  CHECK(p.rate_limits[0].rate_class == "search_name");
  CHECK(p.rate_limits[0].per_minute == 120);
  CHECK(p.rate_limits[0].burst == 2);
  CHECK_FALSE(p.rate_limits[0].per_day);
  CHECK(p.rate_limits[0].where.line == 9);
  CHECK(p.rate_limits[1].per_hour == 2500);
  CHECK(p.rate_limits[1].max_in_flight == 3);
  CHECK(p.retry.attempts == 6);
  CHECK(p.retry.max_wait_ms == 120'000);
  const auto& step = wf.steps.at(0);
  CHECK(step.batch_size == 50);
  CHECK(step.batch_linger_ms == 750);
  CHECK(step.batch_where.line == 16);
}

TEST_CASE("durations take ms, s, m, h or bare seconds") {
  auto linger = [](std::string_view value) {
    auto text = std::string("version: 1\nproviders: {p: {plugin: x}}\nsteps:\n  - {id: a, capability: c, provider: p, batch: {linger: ") +
                std::string(value) + "}}\n";
    return parse_workflow(text, "wf.yaml", environment_with({})).steps[0].batch_linger_ms;
  };
  CHECK(linger("250ms") == 250);
  CHECK(linger("1.5s") == 1500);
  CHECK(linger("2m") == 120'000);
  CHECK(linger("1h") == 3'600'000);
  CHECK(linger("2d") == 172'800'000);
  CHECK(linger("3") == 3000);
}

TEST_CASE("bad budgets, counts and durations are reported at the value") {
  auto problems = problems_in(R"(version: 1
budget: lots
providers:
  p:
    plugin: x
    max_in_flight: 0
    rate_limits:
      default: {per_minute: -5, brust: 2}
    retry: {attempts: 2.5, max_wait: soon}
steps:
  - id: a
    capability: c
    provider: p
    batch: {size: many}
)");
  CHECK(has_problem(problems, 2, 9, "'budget' must be a number greater than 0, not 'lots'"));
  CHECK(has_problem(problems, 6, 20, "must be a whole number of at least 1, not '0'"));
  CHECK(has_problem(problems, 8, 29, "must be a number greater than 0, not '-5'"));
  CHECK(has_problem(problems, 8, 33, "unknown key 'brust' in rate-limit class 'default'"));
  CHECK(has_problem(problems, 9, 23, "must be a whole number of at least 1, not '2.5'"));
  CHECK(has_problem(problems, 9, 38, "must be a duration such as 500ms, 30s, 5m, 2h or 30d, not 'soon'"));
  CHECK(has_problem(problems, 14, 19, "must be a whole number of at least 1, not 'many'"));
  CHECK(problems.size() == 7);
}

TEST_CASE("a waterfall step reads its providers, next_on, verify, when and on_error") {
  const auto workflow = parse_workflow(R"(version: 1
providers:
  a: {plugin: one}
  b: {plugin: two}
  v: {plugin: three}
suppression: [dnc.txt, lists/customers.csv]
output:
  columns: [first_name, {email: find.email}]
  formulas: keep
steps:
  - id: find
    capability: find_email
    provider: [a, b]
    when: '.domain != ""'
    waterfall:
      next_on: [not_found, timeout]
      verify: {provider: v, accept: catch_all}
    on_error: continue
)",
                                       "flows/wf.yaml", environment_with({}));
  const auto& step = workflow.steps.at(0);
  CHECK(step.providers == std::vector<std::string>{"a", "b"});
  REQUIRE(step.when);
  CHECK(step.when->text == ".domain != \"\"");
  REQUIRE(step.waterfall);
  CHECK(step.waterfall->next_on == std::vector<std::string>{"not_found", "timeout"});
  REQUIRE(step.waterfall->verify);
  CHECK(step.waterfall->verify->provider == "v");
  CHECK(step.waterfall->verify->accept == "catch_all");
  CHECK(step.on_error == OnError::next_step);
  CHECK(workflow.suppression == std::vector<std::filesystem::path>{"flows/dnc.txt", "flows/lists/customers.csv"});
  REQUIRE(workflow.output.columns.size() == 2);
  CHECK(workflow.output.columns[1].header == "email");
  CHECK(workflow.output.columns[1].path == "find.email");
  CHECK_FALSE(workflow.output.neutralise_formulas);
}

TEST_CASE("several providers without a waterfall key get the default next_on") {
  const auto workflow = parse_workflow(R"(version: 1
providers: {a: {plugin: one}, b: {plugin: two}}
steps:
  - {id: find, capability: find_email, provider: [a, b]}
)",
                                       "wf.yaml", environment_with({}));
  REQUIRE(workflow.steps.at(0).waterfall);
  CHECK(workflow.steps.at(0).waterfall->next_on == default_next_on());
  CHECK_FALSE(workflow.steps.at(0).waterfall->verify);
}

TEST_CASE("waterfall and expression mistakes are reported where they are written") {
  const auto problems = problems_in(R"(version: 1
providers: {a: {plugin: one}}
steps:
  - id: find
    capability: find_email
    provider: [a, a, zz]
    when: '.x ==== 1'
    waterfall: {next_on: [not_fund], verify: {provider: a, accept: sometimes}}
    on_error: explode
    input:
      email: "{{ .later | nosuch }}"
  - id: next
    capability: verify_email
    provider: a
    input:
      email: "{{after.email}}"
  - id: after
    capability: verify_email
    provider: a
)");
  CHECK(has_problem(problems, 6, 19, "listed twice"));
  CHECK(has_problem(problems, 6, 22, "'zz'"));
  CHECK(has_problem(problems, 7, 17, "does not compile"));  // at the third =
  CHECK(has_problem(problems, 8, 27, "not_fund"));
  CHECK(has_problem(problems, 8, 68, "sometimes"));
  CHECK(has_problem(problems, 9, 15, "explode"));
  CHECK(has_problem(problems, 11, 27, "nosuch"));
  CHECK(has_problem(problems, 16, 14, "runs after"));
}
