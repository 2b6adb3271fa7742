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

void print_companies(const FakeWorld& world) {
  for (const auto& company : world.companies()) std::cout << world.truth_of(company).dump() << "\n";
}

// A list of addresses to verify that meets every verdict: employees' true addresses, guesses at
// the wrong pattern, generic addresses, webmail, disposable, unknown domains and broken syntax.
void print_emails(const FakeWorld& world, std::size_t rows) {
  static const std::vector<std::string> extras{"someone@gmail.com", "sales.team@outlook.com", "throwaway@mailinator.com",
                                               "nobody@unknown-domain.example", "not-an-email", "two@@signs.example"};
  std::cout << "email\n";
  std::size_t printed = 0;
  for (std::size_t i = 0; printed < rows && i < world.people().size(); ++i) {
    const auto& person = world.people()[(i * 37) % world.people().size()];
    std::string email = person.email;
    if (i % 9 == 4) email = "x" + email;  // a mailbox nobody has
    if (i % 13 == 6 && !world.companies().empty()) email = world.companies()[i % world.companies().size()].generic_emails.empty()
                                                             ? email
                                                             : world.companies()[i % world.companies().size()].generic_emails.front();
    if (i % 11 == 10) email = extras[(i / 11) % extras.size()];
    std::cout << csv_cell(email) << "\n";
    ++printed;
  }
}

// The verdict for each address read from stdin, one JSON object per line.
void print_verdicts(const FakeWorld& world) {
  std::string email;
  while (std::getline(std::cin, email)) {
    if (email.empty()) continue;
    const auto verdict = world.verdict_of(email);
    std::cout << nlohmann::json{{"email", email},
                                {"kind", leadflow::sandbox::to_string(verdict.kind)},
                                {"role", verdict.role},
                                {"free", verdict.free},
                                {"disposable", verdict.disposable},
                                {"greylisted", verdict.greylisted}}
                     .dump()
              << "\n";
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
  auto* companies = app.add_subcommand("companies", "Every company as one JSON object per line, with its details");
  companies->add_option("--seed", seed, "World seed")->capture_default_str();
  auto* emails = app.add_subcommand("emails", "A CSV list of addresses (column email) that meets every verification verdict");
  emails->add_option("--seed", seed, "World seed")->capture_default_str();
  emails->add_option("--rows", rows, "How many addresses")->capture_default_str();
  auto* verdicts = app.add_subcommand("verdicts", "The true verification verdict of each address on stdin (JSONL)");
  verdicts->add_option("--seed", seed, "World seed")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const FakeWorld world(seed);
  if (truth->parsed()) print_truth(world);
  if (leads->parsed()) print_leads(world, rows);
  if (companies->parsed()) print_companies(world);
  if (emails->parsed()) print_emails(world, rows);
  if (verdicts->parsed()) print_verdicts(world);
  return 0;
}
