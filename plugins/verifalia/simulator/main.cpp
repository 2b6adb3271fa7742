// The Verifalia simulator executable (leadflow-verifalia-sim); flags in sandbox/simulator.hpp.
#include "verifalia_simulator.hpp"

#include <leadflow/sandbox/simulator.hpp>

int main(int argc, char** argv) {
  return leadflow::sandbox::simulator_main(argc, argv, "verifalia", leadflow::verifalia_sim::install_routes);
}
