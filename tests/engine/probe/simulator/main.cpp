// The probe simulator executable (leadflow-probe-sim); flags in sandbox/simulator.hpp.
#include "probe_simulator.hpp"

#include <leadflow/sandbox/simulator.hpp>

int main(int argc, char** argv) {
  return leadflow::sandbox::simulator_main(argc, argv, "probe", leadflow::probe_sim::install_routes);
}
