// Frame pacing for an event-driven ImGui loop: which animation-frame ticks lay
// out a frame, which of those frames reach the screen, and when the loop may stop.
// An idle page must cost nothing (no requestAnimationFrame callbacks), and one
// change must cost one presented frame plus the settle frame ImGui needs to
// confirm its layout. Platform-free, so the rules have unit tests; the platform
// layer (web/main_web.cpp) pauses and resumes its loop on WantsFrame().
#pragma once

#include <cstdint>

#include "imgui.h"

namespace vramcalc::ui {

class FramePacer {
 public:
  // Frames laid out after an event at least: the one that sees it, and one more
  // that confirms nothing moved (ImGui applies some input a frame late).
  static constexpr int kSettleFrames = 2;

  // Something happened (input, resize, a state change): lay out frames again.
  void Wake() { owed_ = kSettleFrames; }
  // True while the loop must keep running; false: it may stop until the next Wake().
  bool WantsFrame() const { return owed_ > 0; }
  // After a frame was laid out: `hash` of its draw data (DrawDataHash), `busy` when
  // ImGui needs frames without new events (ImGuiWantsFrames). Returns true when the
  // frame differs from what is on screen and must be presented; a changed frame
  // always earns one more frame, which settles the layout or shows it is stable.
  bool Finish(uint64_t hash, bool busy);
  uint64_t presented() const { return presented_count_; }  // frames sent to the screen

 private:
  int owed_ = kSettleFrames;  // frames still to lay out; the first frame is owed
  bool has_screen_ = false;   // false until a frame was presented
  uint64_t screen_hash_ = 0;  // DrawDataHash of the frame on screen
  uint64_t presented_count_ = 0;
};

// A 64-bit hash of everything a renderer draws from `dd` (vertices, indices,
// commands, clip rectangles, textures, display size and scale) mixed with `salt`
// (e.g. the backing-store size and font atlas generation, which change the pixels
// without changing the draw data). Equal hashes: the same picture.
uint64_t DrawDataHash(const ImDrawData& dd, uint64_t salt);

// True while ImGui needs frames that no event will trigger: a held mouse button
// or key (repeats, drags), a window hidden while it measures itself (a popup,
// combo or tooltip appears one frame after it is opened), a pending scroll, or
// the Ctrl+Tab window switcher. Call after ImGui::Render().
bool ImGuiWantsFrames();

}  // namespace vramcalc::ui
