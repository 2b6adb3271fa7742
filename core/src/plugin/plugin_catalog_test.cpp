// Plugin discovery: the search path's order, which files count as plugins, shadowing, and the
// not-found message. Loading real plugin files is tested in tests/abi.
#include "plugin/plugin_catalog.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <random>

using namespace leadflow::plugin;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed with everything in it.
struct TemporaryDirectory {
  TemporaryDirectory() {
    std::random_device random;
    path = fs::temp_directory_path() / ("leadflow-catalog-test-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path);
  }
  ~TemporaryDirectory() { fs::remove_all(path); }
  fs::path make_dir(const std::string& name) const {
    fs::create_directories(path / name);
    return path / name;
  }
  fs::path path;
};

void touch(const fs::path& file) { std::ofstream(file) << "not really a library"; }

}  // namespace

TEST_CASE("the standard search path is: explicit dirs, LEADFLOW_PLUGIN_PATH, beside the executable, the install dir") {
  auto search = SearchPath::standard({"/opt/first", "/opt/second"}, "/env/one:/env/two");
  REQUIRE(search.dirs.size() == 6);
  CHECK(search.dirs[0] == "/opt/first");
  CHECK(search.dirs[1] == "/opt/second");
  CHECK(search.dirs[2] == "/env/one");
  CHECK(search.dirs[3] == "/env/two");
  CHECK(search.dirs[4] == fs::path(BUILD_TREE_PLUGIN_DIR));  // this test runs from build/tests/
  CHECK(search.dirs[5] == fs::path(LEADFLOW_INSTALL_PLUGIN_DIR));
}

TEST_CASE("an unset or empty LEADFLOW_PLUGIN_PATH adds nothing, and a repeated directory is listed once") {
  CHECK(SearchPath::standard({}, nullptr).dirs.size() == 2);
  CHECK(SearchPath::standard({}, "").dirs.size() == 2);
  CHECK(SearchPath::standard({"/a"}, "/a::/b").dirs == std::vector<fs::path>{"/a", "/b", SearchPath::standard({}, nullptr).dirs[0],
                                                                              SearchPath::standard({}, nullptr).dirs[1]});
}

TEST_CASE("only files named leadflow-<id>.so are discovered, in search-path order") {
  TemporaryDirectory temp;
  auto first = temp.make_dir("first");
  auto second = temp.make_dir("second");
  touch(first / "leadflow-snov.so");
  touch(first / "libleadflow-other.so");
  touch(first / "leadflow-.so");
  touch(first / "leadflow-notes.txt");
  touch(second / "leadflow-dropcontact.so");

  PluginCatalog catalog(SearchPath{{first, second, temp.path / "missing"}});
  auto found = catalog.discover();
  REQUIRE(found.size() == 2);
  CHECK(found[0].id == "snov");
  CHECK(found[0].path == first / "leadflow-snov.so");
  CHECK(found[1].id == "dropcontact");
  CHECK_FALSE(found[1].shadowed);
}

TEST_CASE("the first directory holding an id wins and later copies are marked shadowed") {
  TemporaryDirectory temp;
  auto first = temp.make_dir("first");
  auto second = temp.make_dir("second");
  touch(first / "leadflow-snov.so");
  touch(second / "leadflow-snov.so");

  auto found = PluginCatalog(SearchPath{{first, second}}).discover();
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == first / "leadflow-snov.so");
  CHECK_FALSE(found[0].shadowed);
  CHECK(found[1].path == second / "leadflow-snov.so");
  CHECK(found[1].shadowed);
}

TEST_CASE("a plugin that is nowhere on the path is reported with the searched dirs and how to add one") {
  TemporaryDirectory temp;
  PluginCatalog catalog(SearchPath{{temp.path}});
  CHECK_THROWS_WITH_AS(catalog.find("hunter"),
                       ("plugin 'hunter' was not found: looked for leadflow-hunter.so in " + temp.path.string() +
                        "; add its directory with --plugin-dir or LEADFLOW_PLUGIN_PATH")
                           .c_str(),
                       PluginNotFound);
}

TEST_CASE("a file that is not a library is reported by load_all with the loader's reason") {
  TemporaryDirectory temp;
  touch(temp.path / "leadflow-junk.so");
  PluginCatalog catalog(SearchPath{{temp.path}});
  auto outcomes = catalog.load_all();
  REQUIRE(outcomes.size() == 1);
  CHECK_FALSE(outcomes[0].plugin);
  CHECK(outcomes[0].error.find("cannot load plugin " + (temp.path / "leadflow-junk.so").string() + ": not a loadable shared library") == 0);
  CHECK_THROWS_AS(catalog.find("junk"), PluginLoadError);
}
