// The process environment as an Environment; see environment.hpp.
#include "workflow/environment.hpp"

#include <cstdlib>

namespace leadflow::workflow {

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
  };
}

}  // namespace leadflow::workflow
