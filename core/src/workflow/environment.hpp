// Where ${VAR} references get their values: the process environment by default, any function in
// tests or embedders (so two hosts in one process can see different variables).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace leadflow::workflow {

// Returns the variable's value, or nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the process environment (getenv) at the time of each lookup.
Environment process_environment();

}  // namespace leadflow::workflow
