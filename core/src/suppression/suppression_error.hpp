// The one error type the suppression list throws, so a caller can tell "the do-not-contact list is
// unusable" (which must stop a run before anything is sent) from every other failure.
#pragma once

#include <stdexcept>

namespace leadflow::suppression {

// The message names the file (and line, when there is one) and says what to do.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace leadflow::suppression
