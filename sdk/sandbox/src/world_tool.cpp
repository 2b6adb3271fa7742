// leadflow-world: prints the sandbox's fake world, as the truth tests compare results against
// (JSONL) or as a lead list to feed a workflow (CSV).
#include <leadflow/sandbox/fake_world.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <numeric>

namespace {

using leadflow::sandbox::FakeWorld;

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void print_truth(const FakeWorld& world) {
  for (const auto& person : world.people()) std::cout << world.truth_of(person).dump() << "\n";
}

// `rows` people in a seeded order that spreads them over the companies.
void print_leads(const FakeWorld& world, std::size_t rows) {
  std::vector<std::size_t> order(world.people().size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return mix(world.seed() * 1000003 + a) < mix(world.seed() * 1000003 + b); });
  std::cout << "first_name,last_name,company,domain\n";
  for (std::size_t i = 0; i < rows && i < order.size(); ++i) {
    const auto& person = world.people()[order[i]];
    std::cout << csv_cell(person.first_name) << ',' << csv_cell(person.last_name) << ',' << csv_cell(person.company) << ','
              << csv_cell(person.domain) << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("The leadflow sandbox's fake world of companies and people (the same for every simulator).");
  app.require_subcommand(1);
  std::uint64_t seed = 42;
  std::size_t rows = 50;
  auto* truth = app.add_subcommand("truth", "Every person as one JSON object per line, with the true email");
  truth->add_option("--seed", seed, "World seed")->capture_default_str();
  auto* leads = app.add_subcommand("leads", "A CSV lead list (first_name,last_name,company,domain) of world people");
  leads->add_option("--seed", seed, "World seed")->capture_default_str();
  leads->add_option("--rows", rows, "How many leads")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const FakeWorld world(seed);
  if (truth->parsed()) print_truth(world);
  if (leads->parsed()) print_leads(world, rows);
  return 0;
}
