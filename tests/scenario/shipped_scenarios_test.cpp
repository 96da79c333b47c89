// Every shipped scenario (scenarios/**/*.json) loads, runs to completion headless through the
// Lab façade, and passes all of its checks.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/api/lab.h"

using namespace wirelab;

#ifndef WIRELAB_SOURCE_DIR
#error "WIRELAB_SOURCE_DIR must be defined for the test binary (tests/CMakeLists.txt)"
#endif

namespace {
std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path root = std::filesystem::path(WIRELAB_SOURCE_DIR) / "scenarios";
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".json" && e.path().filename() != "schema.json")
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("scenarios: every shipped scenario runs and passes its checks", "[scenario]") {
  auto files = shipped_scenarios();
  REQUIRE(files.size() >= 2);
  for (const auto& path : files) {
    INFO("scenario " << path.string());
    std::vector<api::LoadError> errors;
    auto lab = api::Lab::load(slurp(path), errors);
    for (const auto& e : errors) INFO("load error " << e.path << ": " << e.reason);
    CHECK(errors.empty());
    if (!lab) {
      FAIL_CHECK("did not load");
      continue;
    }
    lab->run_to_completion();
    CHECK(lab->timeline_done());
    auto results = lab->checks();
    CHECK_FALSE(results.empty());
    for (const auto& r : results) {
      INFO("check \"" << r.name << "\": " << r.detail);
      if (!r.passed) {
        for (const auto& c : lab->command_log()) INFO(c.host << "$ " << c.line << "\n" << c.output);
      }
      CHECK(r.passed);
    }
  }
}
