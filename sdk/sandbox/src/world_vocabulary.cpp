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

}  // namespace

std::span<const std::string_view> first_names() { return first_name_list; }
std::span<const std::string_view> last_names() { return last_name_list; }
std::span<const std::string_view> company_first_words() { return company_first_word_list; }
std::span<const std::string_view> company_second_words() { return company_second_word_list; }
std::span<const std::string_view> legal_suffixes() { return legal_suffix_list; }
std::span<const std::string_view> job_titles() { return job_title_list; }
std::span<const std::string_view> email_patterns() { return email_pattern_list; }

}  // namespace leadflow::sandbox::vocabulary
