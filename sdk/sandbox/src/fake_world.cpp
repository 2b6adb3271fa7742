// Generating the fake world from the word lists and a seed, and looking people up in it the way a
// provider's search would (case, accents and legal suffixes ignored).
#include <leadflow/sandbox/fake_world.hpp>
#include <leadflow/sandbox/name_folding.hpp>

#include "world_vocabulary.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace leadflow::sandbox {
namespace {

// SplitMix64: tiny, and the same on every platform and standard library (std distributions are not).
class WorldRandom {
 public:
  explicit WorldRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <class T>
  const T& pick(std::span<const T> items) { return items[below(items.size())]; }

 private:
  std::uint64_t state_;
};

std::string slug(std::string_view word) { return email_token(word); }

std::string build_email(std::string_view pattern, std::string_view first_name, std::string_view last_name, std::string_view domain) {
  const auto first = email_token(first_name);
  const auto last = email_token(last_name);
  std::string local;
  if (pattern == "first.last") local = first + "." + last;
  else if (pattern == "flast") local = first.substr(0, 1) + last;
  else if (pattern == "first") local = first;
  else if (pattern == "firstl") local = first + last.substr(0, 1);
  else if (pattern == "last.first") local = last + "." + first;
  else if (pattern == "first_last") local = first + "_" + last;
  else local = first + last;
  return local + "@" + std::string(domain);
}

// "Northwind Robotics, Inc." -> "northwind robotics": what two spellings of a company share.
std::string company_key(std::string_view name) {
  static const std::set<std::string> legal_words{"inc", "ltd", "llc", "gmbh", "co", "corp", "sa", "sas", "plc"};
  std::string spaced;
  for (char c : fold_name(name)) spaced += ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? c : ' ';
  std::istringstream words(spaced);
  std::string word, key;
  while (words >> word) {
    if (legal_words.count(word)) continue;
    if (!key.empty()) key += ' ';
    key += word;
  }
  return key;
}

std::vector<DomainKind> shuffled_domain_kinds(std::size_t count, WorldRandom& random) {
  // About 10% catch-all and 7.5% nonexistent domains, at least one of each.
  const auto catch_all = std::max<std::size_t>(1, count / 10);
  const auto nonexistent = std::max<std::size_t>(1, count * 3 / 40);
  std::vector<DomainKind> kinds(count, DomainKind::normal);
  for (std::size_t i = 0; i < catch_all && i < count; ++i) kinds[i] = DomainKind::catch_all;
  for (std::size_t i = catch_all; i < catch_all + nonexistent && i < count; ++i) kinds[i] = DomainKind::nonexistent;
  for (std::size_t i = count; i > 1; --i) std::swap(kinds[i - 1], kinds[random.below(i)]);
  return kinds;
}

}  // namespace

std::string_view to_string(DomainKind kind) {
  switch (kind) {
    case DomainKind::catch_all: return "catch_all";
    case DomainKind::nonexistent: return "nonexistent";
    default: return "normal";
  }
}

FakeWorld::FakeWorld(std::uint64_t seed, WorldSize size) : seed_(seed) {
  WorldRandom random(seed);
  const auto kinds = shuffled_domain_kinds(size.companies, random);
  std::set<std::string> used_domains;
  const auto max_companies = vocabulary::company_first_words().size() * vocabulary::company_second_words().size();
  for (std::size_t c = 0; c < size.companies && c < max_companies; ++c) {
    Company company;
    std::string first_word, second_word;
    do {
      first_word = std::string(random.pick(vocabulary::company_first_words()));
      second_word = std::string(random.pick(vocabulary::company_second_words()));
      company.domain = slug(first_word) + "-" + slug(second_word) + ".example";
    } while (!used_domains.insert(company.domain).second);
    company.name = first_word + " " + second_word + std::string(random.pick(vocabulary::legal_suffixes()));
    company.kind = kinds[c];
    company.email_pattern = std::string(random.pick(vocabulary::email_patterns()));

    // Between 60% and 140% of the average head count, so companies differ in size.
    const auto average = size.people_per_company;
    const auto head_count = average == 0 ? 0 : average * 6 / 10 + random.below(average * 8 / 10 + 1);
    std::set<std::string> names, emails;
    for (std::size_t attempt = 0; company.employees.size() < head_count && attempt < head_count * 20; ++attempt) {
      Person person;
      person.first_name = std::string(random.pick(vocabulary::first_names()));
      person.last_name = std::string(random.pick(vocabulary::last_names()));
      person.title = std::string(random.pick(vocabulary::job_titles()));
      person.company = company.name;
      person.domain = company.domain;
      person.domain_kind = company.kind;
      person.email = build_email(company.email_pattern, person.first_name, person.last_name, company.domain);
      const bool unfindable = random.below(100) < 15;
      person.findable = !unfindable && company.kind != DomainKind::nonexistent;
      if (!names.insert(fold_name(person.full_name())).second || !emails.insert(person.email).second) continue;
      company.employees.push_back(people_.size());
      people_.push_back(std::move(person));
    }
    companies_.push_back(std::move(company));
  }
}

const Company* FakeWorld::company_by_domain(std::string_view domain) const {
  const auto wanted = normalize_domain(domain);
  for (const auto& company : companies_)
    if (company.domain == wanted) return &company;
  return nullptr;
}

const Company* FakeWorld::company_by_name(std::string_view name) const {
  const auto wanted = company_key(name);
  if (wanted.empty()) return nullptr;
  for (const auto& company : companies_)
    if (company_key(company.name) == wanted) return &company;
  return nullptr;
}

const Company* FakeWorld::find_company(std::string_view domain_or_company) const {
  if (const auto* company = company_by_domain(domain_or_company)) return company;
  return company_by_name(domain_or_company);
}

const Person* FakeWorld::find_person(std::string_view full_name, std::string_view domain_or_company) const {
  const auto* company = find_company(domain_or_company);
  if (!company) return nullptr;
  const auto wanted = fold_name(full_name);
  for (auto index : company->employees)
    if (fold_name(people_[index].full_name()) == wanted) return &people_[index];
  return nullptr;
}

const Person* FakeWorld::find_person(std::string_view first_name, std::string_view last_name,
                                     std::string_view domain_or_company) const {
  return find_person(std::string(first_name) + " " + std::string(last_name), domain_or_company);
}

nlohmann::json FakeWorld::truth_of(const Person& person) const {
  return {{"first_name", person.first_name},
          {"last_name", person.last_name},
          {"full_name", person.full_name()},
          {"title", person.title},
          {"company", person.company},
          {"domain", person.domain},
          {"domain_kind", to_string(person.domain_kind)},
          {"email", person.email},
          {"findable", person.findable}};
}

}  // namespace leadflow::sandbox
