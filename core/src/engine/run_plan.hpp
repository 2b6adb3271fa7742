// `leadflow plan`: what a run would do, without sending a single request. The input is read and
// every row walked through the workflow; what is known is used exactly (conditions on the
// input's columns, duplicate lookups, results already in the cache, batch sizes, the manifests'
// prices and rate limits) and what only the providers know (will this person be found? this
// address deliverable?) is an assumed rate, printed with the plan and overridable (--assume).
#pragma once

#include "engine/bound_workflow.hpp"
#include "io/record_reader.hpp"
#include "store/store.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadflow::engine {

// The rates a plan assumes. Keys of `overrides`: a step id ("find"), a waterfall attempt
// ("find@snov"), or a capability ("verify_email"); values in 0..1, or people per domain for
// find_domain_emails.
struct PlanAssumptions {
  std::map<std::string, double> overrides;
  // A later provider of a waterfall sees the rows the earlier ones did not find, which are
  // harder: it is assumed to find this fraction of its usual rate.
  double waterfall_overlap = 0.25;
};

struct PlannedStep {
  std::string key;         // "find", "find@snov", "find@snov/verify"
  std::string label;       // "find via norbert (waterfall)"
  std::string provider;
  std::string capability;
  double rows = 0;         // expected rows reaching the provider (fractional: an expectation)
  double cache_hits = 0;   // of those, answered by the result cache or a duplicate row
  double calls = 0;        // operations sent: one per row, or per batch
  double credits = 0;      // expected
  double success_rate = 0; // the rate assumed (found, deliverable...)
  std::string rate_source; // "default", "--assume find@snov"...
};

struct PlannedProvider {
  std::string name;
  double calls = 0, credits = 0;
  double seconds_at_limits = 0;  // the calls spread at the manifest's (and workflow's) rate limits
};

struct RunPlan {
  std::uint64_t rows = 0, malformed_rows = 0;
  double output_rows = 0;  // more than rows when a step answers many people per row
  std::vector<PlannedStep> steps;
  std::vector<PlannedProvider> providers;
  double credits = 0;
  double seconds_at_limits = 0;  // the slowest provider
};

// Walks every row of `reader`. `cache` (may be null) answers lookups already paid for.
RunPlan plan_run(const BoundWorkflow& workflow, io::RecordReader& reader, const PlanAssumptions& assumptions, store::Store* cache,
                 const std::string& realm);

}  // namespace leadflow::engine
