// The Dropcontact simulator executable (leadflow-dropcontact-sim); flags in sandbox/simulator.hpp.
#include "dropcontact_simulator.hpp"

#include <leadflow/sandbox/simulator.hpp>

int main(int argc, char** argv) {
  return leadflow::sandbox::simulator_main(argc, argv, "dropcontact", leadflow::dropcontact_sim::install_routes);
}
