// FramePacer's rules (imgui_ui/frame_pacer.h): an idle loop stops, one change
// costs one presented frame plus one settle frame, held input keeps it running;
// DrawDataHash tells apart frames that differ in any vertex, command or size.
#include "frame_pacer.h"

#include <gtest/gtest.h>

#include "imgui_internal.h"  // ImDrawListSharedData, to build draw lists without a context

namespace vramcalc::ui {
namespace {

// Frames a pacer lays out from now until it stops, presenting when the hash of
// frame i is hashes(i); returns {laid out, presented}.
template <typename Hashes>
std::pair<int, int> RunUntilIdle(FramePacer& p, Hashes hashes, bool busy_first = false) {
  int laid = 0, shown = 0;
  while (p.WantsFrame() && laid < 100) {
    if (p.Finish(hashes(laid), busy_first && laid == 0)) ++shown;
    ++laid;
  }
  return {laid, shown};
}

TEST(frame_pacer_test, first_frame_is_presented_then_the_loop_stops) {
  FramePacer p;
  EXPECT_TRUE(p.WantsFrame());
  const auto [laid, shown] = RunUntilIdle(p, [](int) { return 7u; });
  EXPECT_EQ(laid, 2);  // the first picture, then one that confirms it is stable
  EXPECT_EQ(shown, 1);
  EXPECT_FALSE(p.WantsFrame());
  EXPECT_EQ(p.presented(), 1u);
}

TEST(frame_pacer_test, a_change_costs_one_presented_frame_and_one_settle_frame) {
  FramePacer p;
  RunUntilIdle(p, [](int) { return 1u; });
  p.Wake();
  const auto [laid, shown] = RunUntilIdle(p, [](int) { return 2u; });
  EXPECT_EQ(laid, 2);
  EXPECT_EQ(shown, 1);
}

TEST(frame_pacer_test, an_event_that_changes_nothing_presents_nothing) {
  FramePacer p;
  RunUntilIdle(p, [](int) { return 1u; });
  p.Wake();  // e.g. the mouse moved over empty space
  const auto [laid, shown] = RunUntilIdle(p, [](int) { return 1u; });
  EXPECT_EQ(laid, FramePacer::kSettleFrames);
  EXPECT_EQ(shown, 0);
}

TEST(frame_pacer_test, a_layout_that_keeps_moving_keeps_the_loop_until_it_settles) {
  FramePacer p;
  RunUntilIdle(p, [](int) { return 1u; });
  p.Wake();
  // A table re-fits its columns for three frames, then stays.
  const auto [laid, shown] = RunUntilIdle(p, [](int i) { return i < 3 ? 10u + i : 99u; });
  EXPECT_EQ(shown, 4);
  EXPECT_EQ(laid, 5);
}

TEST(frame_pacer_test, busy_imgui_earns_a_frame_without_an_event) {
  FramePacer p;
  RunUntilIdle(p, [](int) { return 1u; });
  p.Wake();
  // A popup measured itself (hidden) in the first frame: one more frame shows it.
  EXPECT_FALSE(p.Finish(1u, /*busy=*/true));
  EXPECT_TRUE(p.WantsFrame());
  EXPECT_FALSE(p.Finish(1u, /*busy=*/true));
  EXPECT_TRUE(p.WantsFrame());  // still busy (a held button): keep going
  EXPECT_TRUE(p.Finish(5u, false));
  EXPECT_TRUE(p.WantsFrame());
  EXPECT_FALSE(p.Finish(5u, false));
  EXPECT_FALSE(p.WantsFrame());
}

// A draw list with one triangle at x, drawn with texture `tex`.
struct OneTriangle {
  ImDrawListSharedData shared;
  ImDrawList list{&shared};
  ImDrawList* lists[1] = {&list};
  ImDrawData dd;
  OneTriangle(float x, ImU32 col, void* tex) {
    list._ResetForNewFrame();
    list.PushClipRect(ImVec2(0, 0), ImVec2(100, 100));
    list.PushTextureID(tex);
    list.AddTriangleFilled(ImVec2(x, 0), ImVec2(x + 10, 0), ImVec2(x, 10), col);
    dd.Valid = true;
    dd.CmdLists = lists;
    dd.CmdListsCount = 1;
    dd.DisplaySize = ImVec2(100, 100);
    dd.FramebufferScale = ImVec2(1, 1);
  }
};

TEST(frame_pacer_test, draw_data_hash_sees_vertices_colours_textures_and_salt) {
  int tex_a = 0, tex_b = 0;
  const uint64_t base = DrawDataHash(OneTriangle(1, 0xff0000ff, &tex_a).dd, 0);
  EXPECT_EQ(DrawDataHash(OneTriangle(1, 0xff0000ff, &tex_a).dd, 0), base);
  EXPECT_NE(DrawDataHash(OneTriangle(2, 0xff0000ff, &tex_a).dd, 0), base);
  EXPECT_NE(DrawDataHash(OneTriangle(1, 0xff0000fe, &tex_a).dd, 0), base);
  EXPECT_NE(DrawDataHash(OneTriangle(1, 0xff0000ff, &tex_b).dd, 0), base);
  EXPECT_NE(DrawDataHash(OneTriangle(1, 0xff0000ff, &tex_a).dd, 1), base);  // e.g. a resize
  OneTriangle t(1, 0xff0000ff, &tex_a);
  t.dd.DisplaySize = ImVec2(100, 101);
  EXPECT_NE(DrawDataHash(t.dd, 0), base);
}

}  // namespace
}  // namespace vramcalc::ui
