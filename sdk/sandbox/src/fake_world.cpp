// Generating the fake world from the word lists and a seed, and looking people up in it the way a
// provider's search would (case, accents and legal suffixes ignored).
#include <leadflow/sandbox/fake_world.hpp>
#include <leadflow/sandbox/name_folding.hpp>

#include "world_vocabulary.hpp"

#include <algorithm>
#include <cctype>
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

std::string_view to_string(MailboxState state) {
  switch (state) {
    case MailboxState::full: return "full";
    case MailboxState::disabled: return "disabled";
    default: return "active";
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
  add_details();
}

namespace {

// Digits drawn from `random`, the first never 0 (registry numbers and phone numbers).
std::string digits(WorldRandom& random, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += static_cast<char>('0' + (i == 0 ? 1 + random.below(9) : random.below(10)));
  return text;
}

std::string hex_suffix(WorldRandom& random) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 4; ++i) text += hex[random.below(16)];
  return text;
}

}  // namespace

void FakeWorld::add_details() {
  WorldRandom random(seed_ ^ 0xD1B54A32D192ED03ull);
  for (auto& company : companies_) {
    const auto slugged = company.domain.substr(0, company.domain.find('.'));
    const auto second_word = company.domain.substr(company.domain.find('-') + 1, company.domain.find('.') - company.domain.find('-') - 1);
    const auto& industry = vocabulary::industry_of(second_word);
    company.website = "https://www." + company.domain;
    company.phone = "+33 1 " + digits(random, 2) + " " + digits(random, 2) + " " + digits(random, 2) + " " + digits(random, 2);
    company.linkedin_url = "https://www.linkedin.com/company/" + slugged;
    company.industry = std::string(industry.name);
    company.siren = digits(random, 9);
    company.siret = company.siren + digits(random, 5);
    company.siret_address = std::to_string(1 + random.below(120)) + " " + std::string(random.pick(vocabulary::street_names())) + " " +
                            std::string(random.pick(vocabulary::cities()));
    company.vat = "FR" + digits(random, 2) + company.siren;
    company.nb_employees = std::string(random.pick(vocabulary::head_count_bands()));
    company.naf5_code = std::string(industry.naf5_code);
    company.naf5_des = std::string(industry.naf5_des);
    if (company.kind != DomainKind::nonexistent)
      for (auto role : {"contact", "info", "sales"}) company.generic_emails.push_back(std::string(role) + "@" + company.domain);
  }
  for (std::size_t i = 0; i < people_.size(); ++i) {
    auto& person = people_[i];
    person.id = 10'000'001 + i * 7;
    person.civility = random.below(2) ? "Mr" : "Ms";
    person.phone = "+1 555 01" + digits(random, 2) + " " + digits(random, 4);
    person.linkedin_url = "https://www.linkedin.com/in/" + email_token(person.first_name) + "-" + email_token(person.last_name) + "-" +
                          hex_suffix(random);
    if (random.below(2)) person.twitter = "@" + email_token(person.first_name) + email_token(person.last_name);
    const auto mailbox_draw = random.below(100);
    person.mailbox = mailbox_draw < 5 ? MailboxState::full : mailbox_draw < 10 ? MailboxState::disabled : MailboxState::active;
    person.greylisted = random.below(100) < 5;
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

const Person* FakeWorld::person_by_email(std::string_view email) const {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return nullptr;
  const auto* company = company_by_domain(email.substr(at + 1));
  if (!company) return nullptr;
  std::string wanted(email);
  for (auto& c : wanted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto index : company->employees)
    if (people_[index].email == wanted) return &people_[index];
  return nullptr;
}

const Person* FakeWorld::person_by_id(std::uint64_t id) const {
  if (id < 10'000'001 || (id - 10'000'001) % 7 != 0) return nullptr;
  const auto index = (id - 10'000'001) / 7;
  return index < people_.size() ? &people_[index] : nullptr;
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
          {"findable", person.findable},
          {"id", person.id},
          {"civility", person.civility},
          {"phone", person.phone},
          {"linkedin_url", person.linkedin_url},
          {"twitter", person.twitter},
          {"mailbox", to_string(person.mailbox)},
          {"greylisted", person.greylisted},
          {"verdict", to_string(verdict_of(person.email).kind)}};
}

nlohmann::json FakeWorld::truth_of(const Company& company) const {
  return {{"name", company.name},
          {"domain", company.domain},
          {"kind", to_string(company.kind)},
          {"email_pattern", company.email_pattern},
          {"website", company.website},
          {"phone", company.phone},
          {"linkedin_url", company.linkedin_url},
          {"industry", company.industry},
          {"siren", company.siren},
          {"siret", company.siret},
          {"siret_address", company.siret_address},
          {"vat", company.vat},
          {"nb_employees", company.nb_employees},
          {"naf5_code", company.naf5_code},
          {"naf5_des", company.naf5_des},
          {"generic_emails", company.generic_emails}};
}

}  // namespace leadflow::sandbox
