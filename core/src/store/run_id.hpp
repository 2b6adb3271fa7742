// Run ids people can read and sort: the UTC start time to the second, then random hex so two
// runs started in the same second (or on two machines) still differ.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace leadflow::store {

// "20261123-141502-3f9a": UTC date and time of `started`, then the low 16 bits of `random`.
std::string format_run_id(std::chrono::system_clock::time_point started, std::uint32_t random);

// format_run_id with fresh randomness.
std::string new_run_id(std::chrono::system_clock::time_point started);

}  // namespace leadflow::store
