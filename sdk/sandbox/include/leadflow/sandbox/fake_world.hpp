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

// What the person's mail server does with mail to their true address.
enum class MailboxState {
  active,   // accepts and delivers
  full,     // over quota: accepted later or bounced, a verifier says "risky"
  disabled  // the account was closed: hard bounce
};
std::string_view to_string(MailboxState state);

struct Person {
  std::string first_name;
  std::string last_name;
  std::string title;
  std::string company;  // the company's name
  std::string domain;
  DomainKind domain_kind = DomainKind::normal;
  std::string email;     // the true address, built from the company's pattern
  bool findable = true;  // false: no provider can find an address for this person

  // Details enrichment providers know. Drawn from a second random stream after the people
  // themselves, so adding a detail never changes who works where.
  std::uint64_t id = 0;        // stable numeric id (InsideView's contact id, for instance)
  std::string civility;        // "Mr" or "Ms"
  std::string phone;           // "+1 555 0100 1234"
  std::string linkedin_url;    // "https://www.linkedin.com/in/ada-lovelace-1a2b"
  std::string twitter;         // "@adalovelace", empty for about half of the people
  MailboxState mailbox = MailboxState::active;
  bool greylisted = false;     // the first verification attempt meets greylisting (a temporary 4xx)

  std::string full_name() const { return first_name + " " + last_name; }
};

struct Company {
  std::string name;
  std::string domain;
  DomainKind kind = DomainKind::normal;
  std::string email_pattern;              // e.g. "first.last", "flast"
  std::vector<std::size_t> employees;     // indexes into FakeWorld::people()

  // Details enrichment providers know (French registry numbers, as Dropcontact returns them).
  std::string website;                    // "https://www.<domain>"
  std::string phone;
  std::string linkedin_url;               // "https://www.linkedin.com/company/<slug>"
  std::string industry;                   // from the second word, e.g. "Robotics"
  std::string siren;                      // 9 digits
  std::string siret;                      // siren + 5 digits
  std::string siret_address;
  std::string vat;                        // "FR" + 2 check digits + siren
  std::string nb_employees;               // a head-count band, e.g. "11-50"
  std::string naf5_code;                  // e.g. "6201Z"
  std::string naf5_des;
  std::vector<std::string> generic_emails;  // role addresses that deliver: contact@, info@...
};

// What a mail server and a verifier can learn about one address, before any provider maps it onto
// its own codes. `kind` is the single fact; the flags qualify it.
struct EmailVerdict {
  enum class Kind {
    deliverable,         // the mailbox exists and accepts mail
    mailbox_full,        // exists, over quota
    mailbox_disabled,    // existed, closed
    no_such_user,        // the domain answers, the mailbox does not exist
    catch_all,           // the domain accepts everything: existence unknowable
    domain_nonexistent,  // no MX / does not resolve
    syntax_error         // not an address at all
  };
  Kind kind = Kind::syntax_error;
  bool role = false;        // info@, sales@... (a company's generic address)
  bool free = false;        // a webmail provider (gmail.com, outlook.com...)
  bool disposable = false;  // a throwaway-address service (mailinator.com...)
  bool greylisted = false;  // a first SMTP attempt is deferred (the person's `greylisted`)
  const Person* person = nullptr;  // whose true address this is, if anyone's
};
std::string_view to_string(EmailVerdict::Kind kind);


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

  const Person* person_by_email(std::string_view email) const;
  const Person* person_by_id(std::uint64_t id) const;
  // The truth about any address, in or out of the world: employees by their mailbox state, the
  // companies' generic addresses deliver, other addresses at a normal domain do not exist, a
  // catch-all domain accepts anything; webmail addresses deliver or not by a hash of the address;
  // disposable services accept anything; domains the world does not know do not resolve.
  EmailVerdict verdict_of(std::string_view email) const;

  // One object per person: first_name, last_name, full_name, title, company, domain,
  // domain_kind, email, findable, id, civility, phone, linkedin_url, twitter, mailbox, greylisted,
  // verdict (the kind verdict_of gives the true email).
  nlohmann::json truth_of(const Person& person) const;
  // One object per company: name, domain, kind, email_pattern and the details above.
  nlohmann::json truth_of(const Company& company) const;

 private:
  void add_details();

  std::uint64_t seed_;
  std::vector<Company> companies_;
  std::vector<Person> people_;
};

}  // namespace leadflow::sandbox
