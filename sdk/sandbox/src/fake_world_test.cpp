// The fake world: deterministic from its seed, shaped like the task needs, searchable the way a
// provider searches.
#include <leadflow/sandbox/fake_world.hpp>
#include <leadflow/sandbox/name_folding.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace leadflow::sandbox;

TEST_CASE("the same seed gives the same world and another seed another one") {
  const FakeWorld a(42), b(42), c(7);
  REQUIRE(a.people().size() == b.people().size());
  for (std::size_t i = 0; i < a.people().size(); ++i) CHECK(a.truth_of(a.people()[i]) == b.truth_of(b.people()[i]));
  CHECK(a.truth_of(a.people()[0]) != c.truth_of(c.people()[0]));
}

TEST_CASE("the default world has about 40 companies, 400 people and every kind of domain") {
  const FakeWorld world;
  CHECK(world.companies().size() == 40);
  CHECK(world.people().size() >= 300);
  CHECK(world.people().size() <= 500);
  std::set<DomainKind> kinds;
  std::size_t unfindable = 0;
  for (const auto& company : world.companies()) {
    kinds.insert(company.kind);
    CHECK(company.domain.ends_with(".example"));
  }
  for (const auto& person : world.people()) {
    unfindable += person.findable ? 0 : 1;
    CHECK(person.email.find('@') != std::string::npos);
    for (char c : person.email.substr(0, person.email.find('@'))) CHECK(((c >= 'a' && c <= 'z') || c == '.' || c == '_'));
  }
  CHECK(kinds.size() == 3);
  CHECK(unfindable > world.people().size() / 10);
  CHECK(unfindable < world.people().size() / 3);
}

TEST_CASE("nobody at a nonexistent domain is findable") {
  const FakeWorld world;
  for (const auto& person : world.people())
    if (person.domain_kind == DomainKind::nonexistent) CHECK_FALSE(person.findable);
}

TEST_CASE("a person is found by name ignoring case, accents and spaces, by domain or company name") {
  const FakeWorld world;
  const Person* accented = nullptr;
  for (const auto& person : world.people())
    if (person.first_name == "José" || person.last_name == "García") accented = &person;
  REQUIRE(accented != nullptr);
  const auto& company = *world.company_by_domain(accented->domain);

  const auto shouted = "  " + fold_name(accented->first_name) + "   " + fold_name(accented->last_name);
  std::string upper;
  for (char c : shouted) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(world.find_person(upper, accented->domain) == accented);
  CHECK(world.find_person(accented->first_name, accented->last_name, "https://www." + accented->domain + "/") == accented);
  CHECK(world.find_person(accented->full_name(), company.name) == accented);
  CHECK(world.find_person(accented->full_name(), "nowhere.example") == nullptr);
  CHECK(world.find_person("Nobody Atall", accented->domain) == nullptr);
}

TEST_CASE("a company is found by its name without its legal suffix") {
  const FakeWorld world;
  for (const auto& company : world.companies()) {
    const auto comma = company.name.find(',');
    if (comma == std::string::npos) continue;
    CHECK(world.company_by_name(company.name.substr(0, comma)) == &company);
    CHECK(world.company_by_name(company.name) == &company);
  }
}

TEST_CASE("names fold to lower-case ASCII without accents") {
  CHECK(fold_name("  José   GARCÍA ") == "jose garcia");
  CHECK(fold_name("Søren Østergaard") == "soren ostergaard");
  CHECK(fold_name("Łukasz Straße") == "lukasz strasse");
  CHECK(email_token("O'Brien") == "obrien");
  CHECK(normalize_domain("HTTPS://www.Example.com/path") == "example.com");
}
