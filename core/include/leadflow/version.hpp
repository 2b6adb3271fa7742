// The leadflow version, for embedders and the CLI's --version.
#pragma once

#include <string_view>

namespace leadflow {
inline constexpr std::string_view version = "0.1.0";
}
