// The dry run behind `leadflow plan`; see run_plan.hpp. Each row is followed through the steps
// as a few weighted branches (found / not found, deliverable / not...), so that the rows reaching
// a step, and so its calls and credits, are expectations that follow the workflow's conditions
// and waterfalls exactly.
#include "engine/run_plan.hpp"

#include "cache/lookup_key.hpp"
#include "engine/shared_lookups.hpp"
#include "engine/waterfall.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

namespace leadflow::engine {
namespace {

struct Branch {
  nlohmann::ordered_json record;
  double weight = 1;
  bool failed = false;
  std::string rejected_email;  // a verified waterfall's check turned this address down
};

// The provider's answers, as weighted outputs, for one capability.
struct Outcome {
  double weight;
  nlohmann::ordered_json output;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool succeeded(const nlohmann::json& output) {
  const auto status = output.value("status", "done");
  return status != "not_found" && status != "undeliverable" && status != "unknown";
}

class Planner {
 public:
  Planner(const BoundWorkflow& workflow, const PlanAssumptions& assumptions, store::Store* cache, std::string realm)
      : workflow_(workflow), assumptions_(assumptions), cache_(cache), realm_(std::move(realm)) {
    for (const auto& step : workflow_.steps) {
      PlannedStep planned;
      planned.key = step.key;
      planned.label = workflow_.describe(step);
      planned.provider = workflow_.providers[step.provider].name;
      planned.capability = step.capability;
      plan_.steps.push_back(std::move(planned));
    }
  }

  void add_row(const io::InputRow& row) {
    if (!row.error.empty()) {
      ++plan_.malformed_rows;
      plan_.output_rows += 1;
      return;
    }
    ++plan_.rows;
    row_number_ = plan_.rows;
    std::vector<Branch> branches{{row.fields, 1.0}};
    for (std::size_t index = 0; index < workflow_.steps.size();) {
      const auto& step = workflow_.steps[index];
      branches = through_step(step, std::move(branches));
      index = step.last + 1;
    }
    for (const auto& branch : branches) plan_.output_rows += branch.weight;
  }

  RunPlan finish() {
    for (std::size_t i = 0; i < workflow_.steps.size(); ++i) {
      auto& planned = plan_.steps[i];
      const auto& step = workflow_.steps[i];
      if (step.batched()) planned.calls = std::ceil(planned.calls);
      plan_.credits += planned.credits;
    }
    for (std::size_t p = 0; p < workflow_.providers.size(); ++p) {
      PlannedProvider provider{workflow_.providers[p].name};
      for (std::size_t i = 0; i < workflow_.steps.size(); ++i)
        if (workflow_.steps[i].provider == p && workflow_.steps[i].runs_operation()) {
          provider.calls += plan_.steps[i].calls;
          provider.credits += plan_.steps[i].credits;
        }
      provider.seconds_at_limits = seconds_at_limits(p, provider.calls);
      plan_.seconds_at_limits = std::max(plan_.seconds_at_limits, provider.seconds_at_limits);
      plan_.providers.push_back(std::move(provider));
    }
    return std::move(plan_);
  }

 private:
  std::vector<Branch> through_step(const BoundStep& first, std::vector<Branch> branches) {
    const auto& spec = workflow_.spec(first);
    const auto& condition = workflow_.conditions[first.spec];
    std::vector<Branch> out;
    for (auto& branch : branches) {
      if (branch.failed || (condition && !holds(*condition, branch.record))) {
        branch.record[spec.id] = {{"status", "skipped"}};
        out.push_back(std::move(branch));
        continue;
      }
      auto next = first.role == StepRole::single ? through_single(first, std::move(branch)) : through_waterfall(first, std::move(branch));
      for (auto& item : next) out.push_back(std::move(item));
    }
    return out;
  }

  // A condition that cannot be decided before the run (it fails on a planned value) is taken as true.
  static bool holds(const expression::Expression& condition, const nlohmann::ordered_json& record) {
    try {
      return condition.truthy(record);
    } catch (const std::exception&) {
      return true;
    }
  }

  std::vector<Branch> through_single(const BoundStep& step, Branch branch) {
    const auto& spec = workflow_.spec(step);
    std::vector<Branch> out;
    for (auto& outcome : answers(step.first, branch, 1.0)) {
      outcome.output["provider"] = workflow_.providers[step.provider].name;
      const double weight = branch.weight * outcome.weight;
      if (step.fans_out && outcome.output.contains("people")) {
        for (auto& person : people_of(outcome.output)) out.push_back({with_step(branch.record, spec.id, person.output), weight * person.weight});
        continue;
      }
      out.push_back({with_step(branch.record, spec.id, std::move(outcome.output)), weight});
    }
    return out;
  }

  // The rows a one-to-many answer becomes: each person the cache knows, or the assumed count of
  // people as one weighted row.
  static std::vector<Outcome> people_of(nlohmann::ordered_json output) {
    auto listed = std::move(output["people"]);
    output.erase("people");
    if (!listed.is_array()) return {{listed.is_number() ? listed.get<double>() : 1.0, std::move(output)}};
    if (listed.empty()) return {{1.0, std::move(output)}};
    std::vector<Outcome> people;
    for (const auto& person : listed) {
      auto row = output;
      if (person.is_object())
        for (const auto& [key, value] : person.items()) row[key] = value;
      people.push_back({1.0, std::move(row)});
    }
    return people;
  }

  static nlohmann::ordered_json with_step(nlohmann::ordered_json record, const std::string& id, nlohmann::ordered_json output) {
    record[id] = std::move(output);
    return record;
  }

  std::vector<Branch> through_waterfall(const BoundStep& first, Branch branch) {
    const auto& spec = workflow_.spec(first);
    std::vector<Branch> open{std::move(branch)}, won, checking;
    std::size_t attempt = 0;
    for (auto index = first.first; index < first.last; ++index) {
      const auto& step = workflow_.steps[index];
      if (step.role == StepRole::attempt) {
        const double scale = attempt++ == 0 ? 1.0 : assumptions_.waterfall_overlap;
        std::vector<Branch> still_open;
        for (auto& candidate : open)
          // A rejected address exists to be found: the next finder is not discounted for it.
          for (auto& outcome : answers(index, candidate, candidate.rejected_email.empty() ? scale : 1.0)) {
            Branch next{candidate.record, candidate.weight * outcome.weight, false, candidate.rejected_email};
            outcome.output["provider"] = workflow_.providers[step.provider].name;
            const bool found = outcome.output.value("status", "") == "found";
            // Finders mostly agree: after a rejection the next one is assumed to find the same
            // address, which is not checked again (as the run does) and so does not win.
            const bool known_rejected = found && !candidate.rejected_email.empty();
            next.record[spec.id] = std::move(outcome.output);
            (found && !known_rejected ? (spec.waterfall->verify ? checking : won) : still_open).push_back(std::move(next));
          }
        open = std::move(still_open);
      } else {
        for (auto& candidate : checking) {
          nlohmann::ordered_json input{{"email", candidate.record[spec.id].value("email", "")}};
          for (auto& outcome : answers_for(index, input, candidate.weight, 1.0)) {
            Branch next{candidate.record, candidate.weight * outcome.weight};
            const bool accepted = verification_accepted(outcome.output, spec.waterfall->verify->accept);
            next.record[spec.id]["verify_status"] = outcome.output.value("status", "");
            if (!accepted) {
              next.rejected_email = input["email"];
              next.record[spec.id] = {{"status", "not_found"}};
            }
            (accepted ? won : open).push_back(std::move(next));
          }
        }
        checking.clear();
      }
    }
    auto& outcome = plan_.steps[first.last];
    for (auto& branch : open) {
      branch.record[spec.id] = {{"status", "not_found"}};
      won.push_back(std::move(branch));
    }
    for (const auto& branch : won) outcome.rows += branch.weight;
    return won;
  }

  std::vector<Outcome> answers(std::size_t index, const Branch& branch, double scale) {
    nlohmann::ordered_json input = nlohmann::ordered_json::object();
    for (const auto& field : workflow_.spec(workflow_.steps[index]).inputs) {
      try {
        auto value = field.value.render(branch.record);
        if (value.find_first_not_of(" \t\r\n") != std::string::npos) input[field.field] = std::move(value);
      } catch (const std::exception&) {
      }
    }
    return answers_for(index, input, branch.weight, scale);
  }

  // What the provider is expected to answer `input`, and what asking costs.
  std::vector<Outcome> answers_for(std::size_t index, const nlohmann::ordered_json& input, double weight, double scale) {
    const auto* step = &workflow_.steps[index];
    auto& planned = plan_.steps[index];
    planned.rows += weight;
    if (auto known = known_answer(*step, input)) {
      planned.cache_hits += weight;
      if (!known->is_null()) return {{1.0, nlohmann::ordered_json(*known)}};
      return expected_answers(*step, planned, input, scale);
    }
    const auto& capability = *workflow_.providers[step->provider].plugin->manifest().capability(step->capability);
    planned.calls += weight / static_cast<double>(step->batch_size);
    auto outcomes = expected_answers(*step, planned, input, scale);
    for (const auto& outcome : outcomes)
      if (capability.cost_charged == "always" || (capability.cost_charged == "on_success" && succeeded(outcome.output)))
        planned.credits += weight * outcome.weight * capability.cost_credits;
    return outcomes;
  }

  // A lookup already paid for (the cache: its answer) or asked by an earlier row (null: free,
  // answer unknown); nullopt when it would be paid.
  std::optional<nlohmann::json> known_answer(const BoundStep& step, const nlohmann::ordered_json& input) {
    if (!is_lookup(step.capability)) return std::nullopt;
    const auto& plugin = workflow_.providers[step.provider].plugin->manifest().id;
    const auto key = store::ResultKey{realm_, plugin, step.capability, cache::lookup_key(nlohmann::json(input))};
    if (cache_)
      if (auto text = cache_->result_get(key, now_ms())) {
        auto output = nlohmann::json::parse(*text, nullptr, false);
        if (output.is_object()) return output;
      }
    // Another branch of the same row asks instead of this one, never as well: not a duplicate.
    const auto [first, inserted] = asked_.try_emplace(plugin + '\x1f' + step.capability + '\x1f' + key.input_key, row_number_);
    if (!inserted && first->second != row_number_) return nlohmann::json();
    return std::nullopt;
  }

  // The assumed rate for a step: --assume by attempt, by step id or by capability, else `fallback`.
  double rate(PlannedStep& planned, const std::string& capability, double fallback) {
    for (const auto& key : {planned.key, planned.key.substr(0, planned.key.find('@')), capability})
      if (auto it = assumptions_.overrides.find(key); it != assumptions_.overrides.end()) {
        planned.rate_source = "--assume " + key;
        return it->second;
      }
    planned.rate_source = "default";
    return fallback;
  }

  std::vector<Outcome> expected_answers(const BoundStep& step, PlannedStep& planned, const nlohmann::ordered_json& input, double scale) {
    const auto& capability = step.capability;
    if (capability == "verify_email") {
      const double deliverable = rate(planned, "verify_email", 0.8);
      planned.success_rate = deliverable;
      const double rest = std::max(0.0, 1 - deliverable);
      return {{deliverable, {{"status", "deliverable"}}},
              {rest * 0.4, {{"status", "risky"}, {"catch_all", true}, {"reason", "catch_all"}}},
              {rest * 0.2, {{"status", "risky"}, {"reason", "other"}}},
              {rest * 0.4, {{"status", "undeliverable"}}}};
    }
    if (capability == "find_domain_emails") {
      const double people = rate(planned, "find_domain_emails", 5);
      planned.success_rate = people;  // printed as people per domain
      return {{1.0, {{"status", "found"}, {"email", planned_email(input)}, {"people", people}}}};
    }
    if (capability == "find_email" || capability == "enrich_person") {
      const double found = std::clamp(rate(planned, capability, capability == "find_email" ? 0.8 : 0.9) * scale, 0.0, 1.0);
      planned.success_rate = found;
      return {{found, {{"status", "found"}, {"email", planned_email(input)}}}, {1 - found, {{"status", "not_found"}}}};
    }
    planned.success_rate = 1;
    return {{1.0, {{"status", capability == "add_to_list" || capability == "add_to_campaign" ? "added" : "done"}}}};
  }

  // A stand-in address for what a finder would answer: the one given, or a unique one, so that
  // later steps see a value and no two rows look like duplicates.
  std::string planned_email(const nlohmann::ordered_json& input) {
    if (input.contains("email") && input["email"].is_string()) return input["email"];
    return fmt::format("planned-{}@{}", ++planned_emails_, input.value("domain", "example.invalid"));
  }

  double seconds_at_limits(std::size_t provider, double calls) const {
    const auto& manifest = workflow_.providers[provider].plugin->manifest();
    double seconds = 0;
    for (const auto& limit : manifest.rate_limits) {
      if (limit.name != "default") continue;
      const std::pair<std::optional<double>, double> windows[] = {
          {limit.per_second, 1}, {limit.per_minute, 60}, {limit.per_hour, 3600}, {limit.per_day, 86400}};
      for (const auto& [per, window] : windows)
        if (per && *per > 0) seconds = std::max(seconds, calls / *per * window);
    }
    return seconds;
  }

  const BoundWorkflow& workflow_;
  const PlanAssumptions& assumptions_;
  store::Store* cache_;
  std::string realm_;
  std::map<std::string, std::uint64_t> asked_;  // lookup -> the row that asked it first
  std::uint64_t row_number_ = 0;
  std::uint64_t planned_emails_ = 0;
  RunPlan plan_;
};

}  // namespace

RunPlan plan_run(const BoundWorkflow& workflow, io::RecordReader& reader, const PlanAssumptions& assumptions, store::Store* cache,
                 const std::string& realm) {
  Planner planner(workflow, assumptions, cache, realm);
  io::InputRow row;
  while (reader.next(row)) planner.add_row(row);
  return planner.finish();
}

}  // namespace leadflow::engine
