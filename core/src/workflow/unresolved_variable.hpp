// A ${VAR} whose variable is not set and has no default. Loading records it instead of failing,
// because the caller decides: an error normally, a sandbox credential under --sandbox.
#pragma once

#include "workflow/source_location.hpp"

#include <string>

namespace leadflow::workflow {

struct UnresolvedVariable {
  std::string name;      // "VOILANORBERT_API_KEY"
  std::string path;      // where it is used: "providers.norbert.config.api_key", "steps[0].input.domain"
  SourceLocation where;  // the '$' of the reference
};

}  // namespace leadflow::workflow
