// The fake world's word lists; see world_vocabulary.hpp. A few names carry accents and
// apostrophes on purpose: lookups must fold them, emails must not contain them.
#include "world_vocabulary.hpp"

#include <array>

namespace leadflow::sandbox::vocabulary {
namespace {

constexpr std::array<std::string_view, 64> first_name_list{
    "Ada",    "Alan",   "Grace",  "Linus",  "Margaret", "Dennis", "Barbara", "Ken",    "Frances", "Edsger", "Radia",
    "Donald", "Hedy",   "John",   "Katherine", "Tim",   "Sophie", "Marco",   "Elena",  "Omar",    "Priya",  "Hiroshi",
    "Fatima", "Lucas",  "Nadia",  "Pavel",  "Ingrid",   "Samuel", "Yara",    "Tomas",  "Amara",   "Felix",  "Clara",
    "Rafael", "Mei",    "Jonas",  "Aisha",  "Victor",   "Lena",   "Mateo",   "Nora",   "Oscar",   "Rosa",   "Stefan",
    "Tara",   "Emil",   "Iris",   "Hugo",   "Julia",    "Kofi",   "Maya",    "Noah",   "Olga",    "Peter",  "Quinn",
    "José",   "Zoë",    "Renée",  "André",  "Chloé",    "Søren",  "Léa",     "Björn",  "Anaïs"};

constexpr std::array<std::string_view, 64> last_name_list{
    "Lovelace", "Turing",  "Hopper",   "Torvalds", "Hamilton", "Ritchie",  "Liskov",   "Thompson", "Allen",
    "Dijkstra", "Perlman", "Knuth",    "Lamarr",   "Backus",   "Johnson",  "Berners",  "Wilson",   "Rossi",
    "Petrova",  "Haddad",  "Sharma",   "Tanaka",   "Khan",     "Silva",    "Novak",    "Horvath",  "Larsen",
    "Okafor",   "Mendes",  "Kowalski", "Nguyen",   "Schmidt",  "Dubois",   "Moreau",   "Bianchi",  "Jensen",
    "Walsh",    "Fischer", "Costa",    "Ivanova",  "Yilmaz",   "Santos",   "Meyer",    "Lindqvist", "Adeyemi",
    "Romano",   "Keller",  "Vargas",   "Brennan",  "Sato",     "Quinlan",  "Fontaine", "Hughes",   "Mbeki",
    "García",   "Müller",  "Núñez",    "Østergaard", "Łukasik", "Coté",    "O'Brien",  "Van Dyke", "Ferreira",
    "Kaur"};

constexpr std::array<std::string_view, 32> company_first_word_list{
    "Northwind", "Bluepeak", "Ironleaf", "Silverline", "Brightwater", "Redwood", "Quantum",  "Cobalt",
    "Evergreen", "Granite",  "Harbor",   "Juniper",    "Keystone",    "Lumen",   "Meridian", "Nimbus",
    "Orchard",   "Pinnacle", "Riverstone", "Summit",   "Tidewater",   "Umber",   "Vantage",  "Willow",
    "Zenith",    "Amber",    "Beacon",   "Cedar",      "Driftwood",   "Ember",   "Falcon",   "Glacier"};

constexpr std::array<std::string_view, 16> company_second_word_list{
    "Robotics", "Analytics", "Logistics", "Foods",   "Health",  "Labs",     "Systems", "Energy",
    "Media",    "Capital",   "Software",  "Textiles", "Design", "Networks", "Bio",     "Works"};

constexpr std::array<std::string_view, 10> legal_suffix_list{"", "", "", "", "", ", Inc.", " Ltd", ", LLC", " GmbH", " & Co."};

constexpr std::array<std::string_view, 20> job_title_list{
    "CEO",          "CTO",           "CFO",         "VP Sales",        "VP Engineering",
    "Head of Marketing", "Product Manager", "Software Engineer", "Data Scientist", "Account Executive",
    "Sales Development Representative", "Customer Success Manager", "Designer", "Recruiter", "Office Manager",
    "Operations Manager", "Marketing Manager", "Engineering Manager", "Founder", "Head of Growth"};

constexpr std::array<std::string_view, 7> email_pattern_list{"first.last", "flast", "first", "firstl", "last.first",
                                                             "first_last", "firstlast"};

constexpr std::array<Industry, 16> industry_list{{
    {"robotics", "Robotics", "2899B", "Fabrication d'autres machines spécialisées"},
    {"analytics", "Analytics", "6311Z", "Traitement de données, hébergement et activités connexes"},
    {"logistics", "Logistics", "5229B", "Affrètement et organisation des transports"},
    {"foods", "Food & Beverages", "1089Z", "Fabrication d'autres produits alimentaires n.c.a."},
    {"health", "Health Care", "8690F", "Activités de santé humaine non classées ailleurs"},
    {"labs", "Research", "7219Z", "Recherche-développement en autres sciences physiques et naturelles"},
    {"systems", "IT Services", "6202A", "Conseil en systèmes et logiciels informatiques"},
    {"energy", "Energy", "3511Z", "Production d'électricité"},
    {"media", "Media", "5814Z", "Édition de revues et périodiques"},
    {"capital", "Financial Services", "6430Z", "Fonds de placement et entités financières similaires"},
    {"software", "Software", "5829C", "Édition de logiciels applicatifs"},
    {"textiles", "Textiles", "1392Z", "Fabrication d'articles textiles, sauf habillement"},
    {"design", "Design", "7410Z", "Activités spécialisées de design"},
    {"networks", "Telecommunications", "6110Z", "Télécommunications filaires"},
    {"bio", "Biotechnology", "7211Z", "Recherche-développement en biotechnologie"},
    {"works", "Construction", "4120A", "Construction de maisons individuelles"},
}};

constexpr std::array<std::string_view, 8> street_name_list{"rue de Rivoli", "avenue des Ternes", "boulevard Voltaire",
                                                           "rue Oberkampf", "quai de la Loire", "rue du Bac",
                                                           "cours Lafayette", "rue Sainte-Catherine"};
constexpr std::array<std::string_view, 6> city_list{"75001 Paris", "75017 Paris", "69003 Lyon", "33000 Bordeaux", "31000 Toulouse",
                                                    "59000 Lille"};
constexpr std::array<std::string_view, 6> head_count_band_list{"1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000"};
constexpr std::array<std::string_view, 5> webmail_domain_list{"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de"};
constexpr std::array<std::string_view, 3> disposable_domain_list{"mailinator.com", "yopmail.com", "10minutemail.com"};
constexpr std::array<std::string_view, 9> role_local_part_list{"contact", "info", "sales", "hello", "support",
                                                               "admin", "office", "jobs", "marketing"};

}  // namespace

const Industry& industry_of(std::string_view second_word) {
  for (const auto& industry : industry_list)
    if (industry.second_word == second_word) return industry;
  return industry_list[6];
}
std::span<const std::string_view> street_names() { return street_name_list; }
std::span<const std::string_view> cities() { return city_list; }
std::span<const std::string_view> head_count_bands() { return head_count_band_list; }
std::span<const std::string_view> webmail_domains() { return webmail_domain_list; }
std::span<const std::string_view> disposable_domains() { return disposable_domain_list; }
std::span<const std::string_view> role_local_parts() { return role_local_part_list; }

std::span<const std::string_view> first_names() { return first_name_list; }
std::span<const std::string_view> last_names() { return last_name_list; }
std::span<const std::string_view> company_first_words() { return company_first_word_list; }
std::span<const std::string_view> company_second_words() { return company_second_word_list; }
std::span<const std::string_view> legal_suffixes() { return legal_suffix_list; }
std::span<const std::string_view> job_titles() { return job_title_list; }
std::span<const std::string_view> email_patterns() { return email_pattern_list; }

}  // namespace leadflow::sandbox::vocabulary
