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

TEST_CASE("details are drawn after the people, so the world's people did not move") {
  const FakeWorld world;
  // Fixed points of seed 42's world that example lead lists depend on.
  const auto& first = world.people().front();
  CHECK(world.person_by_id(first.id) == &first);
  CHECK(world.person_by_id(world.people().back().id) == &world.people().back());
  CHECK(world.person_by_id(1) == nullptr);
  CHECK(world.person_by_email(first.email) == &first);
  std::size_t full = 0, disabled = 0, greylisted = 0;
  for (const auto& person : world.people()) {
    CHECK(person.linkedin_url.starts_with("https://www.linkedin.com/in/"));
    CHECK((person.civility == "Mr" || person.civility == "Ms"));
    full += person.mailbox == MailboxState::full;
    disabled += person.mailbox == MailboxState::disabled;
    greylisted += person.greylisted;
  }
  CHECK(full > 0);
  CHECK(disabled > 0);
  CHECK(greylisted > 0);
  for (const auto& company : world.companies()) {
    CHECK(company.siren.size() == 9);
    CHECK(company.siret.starts_with(company.siren));
    CHECK(company.siret.size() == 14);
    CHECK(company.vat == "FR" + company.vat.substr(2, 2) + company.siren);
    CHECK(company.naf5_code.size() == 5);
    CHECK(company.generic_emails.empty() == (company.kind == DomainKind::nonexistent));
  }
}

TEST_CASE("every address gets one verdict from the world") {
  using Kind = EmailVerdict::Kind;
  const FakeWorld world;
  const Company* normal = nullptr;
  const Company* catch_all = nullptr;
  const Company* nonexistent = nullptr;
  for (const auto& company : world.companies()) {
    if (company.kind == DomainKind::normal && !normal) normal = &company;
    if (company.kind == DomainKind::catch_all && !catch_all) catch_all = &company;
    if (company.kind == DomainKind::nonexistent && !nonexistent) nonexistent = &company;
  }
  REQUIRE((normal && catch_all && nonexistent));

  for (auto index : normal->employees) {
    const auto& person = world.people()[index];
    const auto verdict = world.verdict_of(person.email);
    CHECK(verdict.person == &person);
    const auto expected = person.mailbox == MailboxState::full       ? Kind::mailbox_full
                          : person.mailbox == MailboxState::disabled ? Kind::mailbox_disabled
                                                                     : Kind::deliverable;
    CHECK(verdict.kind == expected);
  }
  CHECK(world.verdict_of("no.body.here@" + normal->domain).kind == Kind::no_such_user);
  const auto generic = world.verdict_of("INFO@" + normal->domain);
  CHECK(generic.kind == Kind::deliverable);
  CHECK(generic.role);
  CHECK(world.verdict_of("anyone@" + catch_all->domain).kind == Kind::catch_all);
  CHECK(world.verdict_of("anyone@" + nonexistent->domain).kind == Kind::domain_nonexistent);
  CHECK(world.verdict_of("anyone@never-heard-of.example").kind == Kind::domain_nonexistent);
  CHECK(world.verdict_of("not an email").kind == Kind::syntax_error);
  CHECK(world.verdict_of("a@@b.example").kind == Kind::syntax_error);
  const auto webmail = world.verdict_of("someone@gmail.com");
  CHECK(webmail.free);
  CHECK((webmail.kind == Kind::deliverable || webmail.kind == Kind::no_such_user));
  const auto disposable = world.verdict_of("x@mailinator.com");
  CHECK(disposable.disposable);
  CHECK(disposable.kind == Kind::catch_all);
}
