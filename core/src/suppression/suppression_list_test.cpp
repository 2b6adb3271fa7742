// The do-not-contact list end to end: files as users write and export them, what they suppress,
// and errors that point at the line to fix.
#include "suppression/suppression_list.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>

#include <doctest/doctest.h>

using namespace leadflow::suppression;
namespace fs = std::filesystem;

namespace {

// A fresh directory under /tmp for one test, removed afterwards.
struct ScratchDirectory {
  fs::path path;
  ScratchDirectory() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("leadflow-suppression-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path file(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
};

std::string load_error(const fs::path& path) {
  try {
    SuppressionList::load(path);
  } catch (const Error& error) {
    return error.what();
  }
  FAIL("expected suppression::Error");
  return {};
}

std::string matched_entry(const SuppressionList& list, std::string_view email) {
  const auto found = list.match(email);
  return found ? found->entry : "";
}

}  // namespace

TEST_CASE("a plain list holds addresses and domains, skipping comments and blank lines") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("suppression.txt",
                                                       "# opted out\n"
                                                       "\n"
                                                       "Ada@Example.com\n"
                                                       "   competitor.example   # never prospect them\n"
                                                       "@partner.example\r\n"
                                                       "a#b@odd.example\n"));
  CHECK(list.size() == 4);
  const auto ada = list.match("ada@example.com");
  REQUIRE(ada.has_value());
  CHECK(ada->kind == SuppressionEntry::Kind::address);
  CHECK(ada->entry == "ada@example.com");
  CHECK(ada->line == 3);
  const auto competitor = list.match("ceo@competitor.example");
  REQUIRE(competitor.has_value());
  CHECK(competitor->kind == SuppressionEntry::Kind::domain);
  CHECK(competitor->entry == "competitor.example");
  CHECK(competitor->line == 4);
  CHECK(matched_entry(list, "anyone@partner.example") == "partner.example");
  CHECK(matched_entry(list, "a#b@odd.example") == "a#b@odd.example");
}

TEST_CASE("an address entry suppresses only that address, in any case, trimmed") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "ada@example.com\n"));
  CHECK(matched_entry(list, "  ADA@EXAMPLE.COM ") == "ada@example.com");
  CHECK(matched_entry(list, "ada@example.com.") == "ada@example.com");
  CHECK_FALSE(list.match("bob@example.com").has_value());
  CHECK_FALSE(list.match("ada@mail.example.com").has_value());
  CHECK_FALSE(list.match("ada@example.co").has_value());
}

TEST_CASE("an address entry also covers its +tag variants, but a tagged entry only itself") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "ada@example.com\nbob+crm@example.com\n"));
  CHECK(matched_entry(list, "ada+newsletter@example.com") == "ada@example.com");
  CHECK(matched_entry(list, "bob+crm@example.com") == "bob+crm@example.com");
  CHECK_FALSE(list.match("bob@example.com").has_value());
  CHECK_FALSE(list.match("bob+other@example.com").has_value());
}

TEST_CASE("a domain entry covers the domain and every subdomain, and nothing that merely ends alike") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "example.com\n"));
  CHECK(matched_entry(list, "ada@example.com") == "example.com");
  CHECK(matched_entry(list, "ada@mail.example.com") == "example.com");
  CHECK(matched_entry(list, "ada@a.b.c.example.com") == "example.com");
  CHECK_FALSE(list.match("ada@notexample.com").has_value());
  CHECK_FALSE(list.match("ada@example.com.evil.test").has_value());
}

TEST_CASE("the most specific entry is reported: the address before its domain") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "example.com\nmail.example.com\nada@mail.example.com\n"));
  CHECK(matched_entry(list, "ada@mail.example.com") == "ada@mail.example.com");
  CHECK(matched_entry(list, "bob@x.mail.example.com") == "mail.example.com");
}

TEST_CASE("Unicode and Punycode spellings of a domain suppress each other") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "Bücher.example\nxn--mnchen-3ya.example\n"));
  CHECK(matched_entry(list, "info@xn--bcher-kva.example") == "bücher.example");
  CHECK(matched_entry(list, "info@BÜCHER.example") == "bücher.example");
  CHECK(matched_entry(list, "info@münchen.example") == "münchen.example");
}

TEST_CASE("a repeated entry counts once and reports its first line") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "ada@example.com\nADA@example.com\n"));
  CHECK(list.size() == 1);
  CHECK(list.match("ada@example.com")->line == 1);
}

TEST_CASE("text that is not an address matches nothing") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("s.txt", "example.com\n"));
  CHECK_FALSE(list.match("").has_value());
  CHECK_FALSE(list.match("example.com").has_value());
  CHECK_FALSE(list.match("not an email").has_value());
}

TEST_CASE("an empty list, or one of only comments, suppresses nothing") {
  ScratchDirectory scratch;
  CHECK(SuppressionList::load(scratch.file("empty.txt", "")).size() == 0);
  CHECK(SuppressionList::load(scratch.file("comments.txt", "# nobody yet\n\n")).size() == 0);
  CHECK_FALSE(SuppressionList().match("ada@example.com").has_value());
}

TEST_CASE("a bad entry stops loading with the file, the line and what to write") {
  ScratchDirectory scratch;
  const auto path = scratch.file("suppression.txt", "ada@example.com\n# comment\nfoo@\n");
  CHECK(load_error(path) == path.string() +
                                ":3: 'foo@' is neither an address nor a domain; write name@domain or a domain such as "
                                "example.com");
}

TEST_CASE("a missing file says so and where relative paths start") {
  ScratchDirectory scratch;
  const auto path = scratch.path / "nope.txt";
  CHECK(load_error(path).starts_with(path.string() + ": the suppression list does not exist; check the path"));
}

TEST_CASE("a CSV export with an email and a domain column is read by column, keeping file line numbers") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("unsubscribed.csv",
                                                       "# exported from the CRM\n"
                                                       "Name,Email Address,Domain\n"
                                                       "\"Lovelace, Ada\",ada@example.com,\n"
                                                       "Acme,,acme.example\n"
                                                       "Both,bob@other.example,@third.example\n"));
  CHECK(list.size() == 4);
  CHECK(list.match("ada@example.com")->line == 3);
  CHECK(list.match("ceo@acme.example")->line == 4);
  CHECK(matched_entry(list, "bob@other.example") == "bob@other.example");
  CHECK(matched_entry(list, "x@third.example") == "third.example");
  CHECK_FALSE(list.match("lovelace@example.com").has_value());
}

TEST_CASE("a one-column export with an email header is a CSV whatever its extension") {
  ScratchDirectory scratch;
  const auto list = SuppressionList::load(scratch.file("export.txt", "\xEF\xBB\xBF" "EMAIL\r\nada@example.com\r\n"));
  CHECK(list.size() == 1);
  CHECK(list.match("ada@example.com")->line == 2);
}

TEST_CASE("semicolon- and tab-separated exports are read too") {
  ScratchDirectory scratch;
  CHECK(SuppressionList::load(scratch.file("a.csv", "email;name\nada@example.com;Ada\n")).size() == 1);
  CHECK(SuppressionList::load(scratch.file("b.tsv", "name\tdomain\nAcme\tacme.example\n")).size() == 1);
}

TEST_CASE("a bad CSV cell names its line and column") {
  ScratchDirectory scratch;
  const auto path = scratch.file("s.csv", "email\nada@example.com\nexample.com\n");
  CHECK(load_error(path) == path.string() +
                                ":3: 'example.com' in the email column is a domain, not an address; move whole "
                                "domains to a column named domain");
}

TEST_CASE("a .csv without an email or domain column is refused, not read as a plain list") {
  ScratchDirectory scratch;
  const auto path = scratch.file("s.csv", "name,mail\nAda,ada@example.com\n");
  CHECK(load_error(path) == path.string() +
                                ":1: the header has no email or domain column; name the column of addresses email "
                                "and the column of whole domains domain");
}

TEST_CASE("a malformed CSV row stops loading with its line") {
  ScratchDirectory scratch;
  const auto path = scratch.file("s.csv", "email\nada@example.com,extra\n");
  CHECK(load_error(path).starts_with(path.string() + ":2: the row has 2 cells but the header has 1 columns"));
}

TEST_CASE("a hundred thousand entries load and match quickly") {
  ScratchDirectory scratch;
  std::string text;
  for (int i = 0; i < 100000; ++i) text += (i % 2 ? "person" : "company") + std::to_string(i) + (i % 2 ? "@example.com\n" : ".example\n");
  const auto path = scratch.file("big.txt", text);
  const auto started = std::chrono::steady_clock::now();
  const auto list = SuppressionList::load(path);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(list.size() == 100000);
  CHECK(matched_entry(list, "person99999@example.com") == "person99999@example.com");
  CHECK(matched_entry(list, "ceo@mail.company99998.example") == "company99998.example");
  CHECK(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 5);  // about 0.1 s; generous for CI
}
