// What an earlier, unfinished run of a workflow left in the journal, for `leadflow run
// --resume`: each row as it was read, the steps that finished (not redone), and the
// checkpoints of provider jobs that were submitted (polled again, never submitted twice).
#pragma once

#include "store/store.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leadflow::engine {

// THREAD: immutable after load().
struct ResumeState {
  std::string run_id;
  std::map<std::uint64_t, std::string> inputs;  // row -> its fields as journaled (JSON)
  std::map<std::pair<std::uint64_t, std::string>, store::StepResult> finished;  // (row, step id): done, failed, skipped
  std::map<std::pair<std::uint64_t, std::string>, std::string> checkpoints;     // (row, step id) -> state
  std::map<std::string, std::size_t> rows_sharing;  // checkpoint state -> rows holding it (a batch)

  static ResumeState load(store::Store& store, const std::string& run_id);

  const store::StepResult* finished_step(std::uint64_t row, const std::string& step_id) const;
  std::optional<std::string> checkpoint(std::uint64_t row, const std::string& step_id) const;
};

}  // namespace leadflow::engine
