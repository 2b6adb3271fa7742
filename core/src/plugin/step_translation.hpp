// Translating one step between the engine's C++ types and the C ABI: an Event becomes an
// lf_event that borrows its strings, and an lf_action is checked and copied into an Action.
// Private to the plugin module.
#pragma once

#include "plugin/plugin_instance.hpp"

#include <leadflow/plugin.h>

#include <stdexcept>
#include <vector>

namespace leadflow::plugin {

// An lf_event view of an Event. LIFETIME: borrows from the Event; use it only while both live.
class CEvent {
 public:
  explicit CEvent(const Event& event);
  CEvent(const CEvent&) = delete;
  CEvent& operator=(const CEvent&) = delete;
  const lf_event* get() const { return &event_; }

 private:
  std::vector<lf_header> headers_;
  lf_event event_{};
};

// The plugin answered an action the host cannot accept; what() is the reason.
struct InvalidAction : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks the action a plugin filled in and copies everything out of plugin memory.
// Throws InvalidAction (unknown kind, missing or malformed HTTP request, unknown non-zero fields).
Action read_action(const lf_action& action);

}  // namespace leadflow::plugin
