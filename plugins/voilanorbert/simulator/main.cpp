// The VoilaNorbert simulator executable (leadflow-voilanorbert-sim); flags in sandbox/simulator.hpp.
#include "voilanorbert_simulator.hpp"

#include <leadflow/sandbox/simulator.hpp>

int main(int argc, char** argv) {
  return leadflow::sandbox::simulator_main(argc, argv, "voilanorbert", leadflow::voilanorbert_sim::install_routes);
}
