// DESIGN.md's one-way arrows, checked on the sources: core includes neither Dear ImGui
// nor Emscripten, and does no file or console I/O (it only parses bytes handed in).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace {

TEST(layering_test, core_has_no_ui_platform_or_io_includes) {
  namespace fs = std::filesystem;
  const fs::path core = VRAMCALC_CORE_DIR;
  ASSERT_TRUE(fs::is_directory(core)) << core;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(core)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cpp") continue;
    ++files;
    const std::string text = vramcalc::testing::ReadFile(entry.path().string());
    for (const char* banned : {"imgui", "emscripten", "<fstream>", "<iostream>", "GLFW"}) {
      size_t at = 0;
      while ((at = text.find("#include", at)) != std::string::npos) {
        const std::string line = text.substr(at, text.find('\n', at) - at);
        EXPECT_EQ(line.find(banned), std::string::npos) << entry.path() << ": " << line;
        at += 8;
      }
    }
  }
  EXPECT_GT(files, 0);
}

}  // namespace
