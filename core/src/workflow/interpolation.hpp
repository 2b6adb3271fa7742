// ${VAR} interpolation of workflow values: ${VAR}, ${VAR:-default} (default when unset or empty)
// and $$ for a literal '$'. Applied to every scalar value of a workflow file, never to keys.
#pragma once

#include "workflow/environment.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::workflow {

// A reference to a variable that is not set and has no default; it was replaced by nothing.
struct MissingVariable {
  std::string name;
  std::size_t offset = 0;  // of the '$' in the raw text
};

// A malformed reference. Messages name at most the variable, never the surrounding value.
struct InterpolationProblem {
  std::size_t offset = 0;  // of the '$' in the raw text
  std::string message;
  std::string hint;
};

struct InterpolatedText {
  std::string text;
  std::vector<std::size_t> origin;  // origin[i]: offset in the raw text of what produced text[i]
  bool has_references = false;      // the raw text used ${...}
  std::vector<MissingVariable> missing;
  std::vector<InterpolationProblem> problems;
};

InterpolatedText interpolate(std::string_view raw, const Environment& environment);

}  // namespace leadflow::workflow
