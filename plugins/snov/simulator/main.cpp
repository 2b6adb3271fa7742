// The Snov.io simulator executable (leadflow-snov-sim); flags in sandbox/simulator.hpp.
#include "snov_simulator.hpp"

#include <leadflow/sandbox/simulator.hpp>

int main(int argc, char** argv) { return leadflow::sandbox::simulator_main(argc, argv, "snov", leadflow::snov_sim::install_routes); }
