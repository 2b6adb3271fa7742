// Reading an unfinished run back from the journal; see resume_state.hpp.
#include "engine/resume_state.hpp"

namespace leadflow::engine {

ResumeState ResumeState::load(store::Store& store, const std::string& run_id) {
  ResumeState state;
  state.run_id = run_id;
  for (auto& row : store.rows(run_id)) state.inputs.emplace(row.row, std::move(row.input_json));
  for (auto& result : store.step_results(run_id)) {
    if (result.status != "done" && result.status != "failed" && result.status != "skipped") continue;  // redo it
    const auto key = std::make_pair(result.row, result.step_id);
    state.finished.insert_or_assign(key, std::move(result));
  }
  for (auto& checkpoint : store.checkpoints(run_id)) {
    const auto key = std::make_pair(checkpoint.row, checkpoint.step_id);
    if (state.finished.count(key)) continue;  // the job finished; its checkpoint is history
    ++state.rows_sharing[checkpoint.state_json];
    state.checkpoints.emplace(key, std::move(checkpoint.state_json));
  }
  return state;
}

const store::StepResult* ResumeState::finished_step(std::uint64_t row, const std::string& step_id) const {
  auto it = finished.find({row, step_id});
  return it == finished.end() ? nullptr : &it->second;
}

std::optional<std::string> ResumeState::checkpoint(std::uint64_t row, const std::string& step_id) const {
  auto it = checkpoints.find({row, step_id});
  if (it == checkpoints.end()) return std::nullopt;
  return it->second;
}

}  // namespace leadflow::engine
