// A deterministic fake world of companies and their people, shared by every simulator so that
// the same lead is the same person for VoilaNorbert, Snov.io, Dropcontact... Generated from fixed
// name lists and a seed (default 42): the same seed always gives the same world.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadflow::sandbox {

enum class DomainKind {
  normal,      // mail server answers truthfully
  catch_all,   // accepts any address: finders can only guess from the pattern
  nonexistent  // the domain does not resolve: providers cannot locate it
};
std::string_view to_string(DomainKind kind);

struct Person {
  std::string first_name;
  std::string last_name;
  std::string title;
  std::string company;  // the company's name
  std::string domain;
  DomainKind domain_kind = DomainKind::normal;
  std::string email;     // the true address, built from the company's pattern
  bool findable = true;  // false: no provider can find an address for this person

  std::string full_name() const { return first_name + " " + last_name; }
};

struct Company {
  std::string name;
  std::string domain;
  DomainKind kind = DomainKind::normal;
  std::string email_pattern;              // e.g. "first.last", "flast"
  std::vector<std::size_t> employees;     // indexes into FakeWorld::people()
};

struct WorldSize {
  std::size_t companies = 40;
  std::size_t people_per_company = 10;
};

// THREAD: immutable after construction; safe from any thread.
class FakeWorld {
 public:
  explicit FakeWorld(std::uint64_t seed = 42, WorldSize size = {});

  std::uint64_t seed() const { return seed_; }
  const std::vector<Company>& companies() const { return companies_; }
  const std::vector<Person>& people() const { return people_; }

  // The person called `full_name` at the company given by domain (or website) or by name.
  // Case, accents and whitespace are ignored. nullptr when there is no such person.
  const Person* find_person(std::string_view full_name, std::string_view domain_or_company) const;
  const Person* find_person(std::string_view first_name, std::string_view last_name, std::string_view domain_or_company) const;
  const Company* company_by_domain(std::string_view domain) const;
  const Company* company_by_name(std::string_view name) const;
  // Either of the two, domain first.
  const Company* find_company(std::string_view domain_or_company) const;

  // One object per person: first_name, last_name, full_name, title, company, domain,
  // domain_kind, email, findable.
  nlohmann::json truth_of(const Person& person) const;

 private:
  std::uint64_t seed_;
  std::vector<Company> companies_;
  std::vector<Person> people_;
};

}  // namespace leadflow::sandbox
