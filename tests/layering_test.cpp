// DESIGN.md's one-way arrows, checked on the sources: core includes neither Dear ImGui
// nor Emscripten, and does no file or console I/O (it only parses bytes handed in).
// Inside core, five folders depend one way: base <- model <- {sources, estimate} <-
// report. sources (readers of files) and estimate (formulas) are siblings: neither
// includes the other, so a reader never depends on a runtime and vice versa.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;

// Folder rank: a file may include headers of a lower rank or its own folder.
const std::map<std::string, int> kRank = {
    {"base", 0}, {"model", 1}, {"sources", 2}, {"estimate", 2}, {"report", 3}};

struct CoreFile {
  fs::path path;
  std::string folder;
};

std::vector<CoreFile> CoreFiles() {
  std::vector<CoreFile> files;
  const fs::path core = VRAMCALC_CORE_DIR;
  for (const auto& entry : fs::recursive_directory_iterator(core)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cpp") continue;
    const fs::path rel = fs::relative(entry.path(), core);
    files.push_back({entry.path(), rel.begin()->string()});
  }
  return files;
}

// The quoted #include lines of a file ("x.h"), in order.
std::vector<std::string> QuotedIncludes(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while ((at = text.find("#include \"", at)) != std::string::npos) {
    const size_t open = at + 10;
    const size_t close = text.find('"', open);
    if (close == std::string::npos) break;
    out.push_back(text.substr(open, close - open));
    at = close;
  }
  return out;
}

TEST(layering_test, core_has_no_ui_platform_or_io_includes) {
  ASSERT_TRUE(fs::is_directory(VRAMCALC_CORE_DIR)) << VRAMCALC_CORE_DIR;
  int files = 0;
  for (const CoreFile& file : CoreFiles()) {
    ++files;
    const std::string text = vramcalc::testing::ReadFile(file.path.string());
    for (const char* banned : {"imgui", "emscripten", "<fstream>", "<iostream>", "GLFW"}) {
      size_t at = 0;
      while ((at = text.find("#include", at)) != std::string::npos) {
        const std::string line = text.substr(at, text.find('\n', at) - at);
        EXPECT_EQ(line.find(banned), std::string::npos) << file.path << ": " << line;
        at += 8;
      }
    }
  }
  EXPECT_GT(files, 40);
}

TEST(layering_test, core_folders_depend_one_way) {
  // Where each header lives, by its bare name.
  std::map<std::string, std::string> home;
  const std::vector<CoreFile> files = CoreFiles();
  for (const CoreFile& file : files) {
    ASSERT_TRUE(kRank.count(file.folder)) << file.path << ": not in a known core folder";
    if (file.path.extension() == ".h") home[file.path.filename().string()] = file.folder;
  }
  int edges = 0;
  for (const CoreFile& file : files) {
    const std::string text = vramcalc::testing::ReadFile(file.path.string());
    for (const std::string& header : QuotedIncludes(text)) {
      if (!home.count(header)) continue;  // generated or external
      ++edges;
      const std::string& to = home.at(header);
      if (to == file.folder) continue;
      EXPECT_LT(kRank.at(to), kRank.at(file.folder))
          << file.path.filename() << " (" << file.folder << ") includes " << header << " (" << to
          << ")";
    }
  }
  EXPECT_GT(edges, 50);
}

}  // namespace
