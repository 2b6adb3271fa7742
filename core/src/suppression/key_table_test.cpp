// The flat key table: what goes in comes out with its line, duplicates keep the first line, and
// growing past many resizes loses nothing.
#include "suppression/key_table.hpp"

#include <string>

#include <doctest/doctest.h>

using leadflow::suppression::KeyTable;

TEST_CASE("an empty table finds nothing") {
  const KeyTable table;
  CHECK(table.size() == 0);
  CHECK_FALSE(table.find("example.com").has_value());
}

TEST_CASE("a key comes back with its line, and only an identical key finds it") {
  KeyTable table;
  CHECK(table.insert("example.com", 7));
  const auto found = table.find("example.com");
  REQUIRE(found.has_value());
  CHECK(found->key == "example.com");
  CHECK(found->line == 7);
  CHECK_FALSE(table.find("example.co").has_value());
  CHECK_FALSE(table.find("").has_value());
}

TEST_CASE("a repeated key is not added again and keeps its first line") {
  KeyTable table;
  CHECK(table.insert("ada@example.com", 1));
  CHECK_FALSE(table.insert("ada@example.com", 9));
  CHECK(table.size() == 1);
  CHECK(table.find("ada@example.com")->line == 1);
}

TEST_CASE("two hundred thousand keys survive every resize") {
  KeyTable table;
  for (int i = 0; i < 200000; ++i) table.insert("person" + std::to_string(i) + "@example.com", static_cast<std::uint64_t>(i));
  CHECK(table.size() == 200000);
  int wrong = 0;
  for (int i = 0; i < 200000; ++i) {
    const auto found = table.find("person" + std::to_string(i) + "@example.com");
    if (!found || found->line != static_cast<std::uint64_t>(i)) ++wrong;
  }
  CHECK(wrong == 0);
  CHECK_FALSE(table.find("person200000@example.com").has_value());
}
