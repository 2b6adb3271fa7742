// The InsideView simulator executable (leadflow-insideview-sim); flags in sandbox/simulator.hpp.
#include "insideview_simulator.hpp"

#include <leadflow/sandbox/simulator.hpp>

int main(int argc, char** argv) {
  return leadflow::sandbox::simulator_main(argc, argv, "insideview", leadflow::insideview_sim::install_routes);
}
