// Frame pacing (see frame_pacer.h).
#include "frame_pacer.h"

#include <cstring>

#include "imgui_internal.h"

namespace vramcalc::ui {
namespace {

// FNV-style mixing one word at a time: each step is a bijection of the running
// hash, so two frames that differ in a single word never hash alike, and the
// draw data of a full page (~1 MB) hashes in a fraction of a millisecond
// (8 bytes a step: wasm has 64-bit multiplies).
constexpr uint64_t kPrime = 0x100000001b3ull;

uint64_t MixWord(uint64_t h, uint64_t w) { return (h ^ w) * kPrime; }

uint64_t MixBytes(uint64_t h, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = MixWord(h, w);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p + i, n - i);
  return MixWord(MixWord(h, tail), n);  // the length: no two sizes alike
}

uint64_t MixFloat(uint64_t h, float f) {
  uint32_t w;
  std::memcpy(&w, &f, 4);
  return MixWord(h, w);
}

}  // namespace

bool FramePacer::Finish(uint64_t hash, bool busy) {
  const bool changed = !has_screen_ || hash != screen_hash_;
  if (changed) {
    has_screen_ = true;
    screen_hash_ = hash;
    ++presented_count_;
    if (owed_ < 2) owed_ = 2;  // this frame, then one that confirms the layout is stable
  }
  if (owed_ > 0) --owed_;
  if (busy && owed_ < 1) owed_ = 1;
  return changed;
}

uint64_t DrawDataHash(const ImDrawData& dd, uint64_t salt) {
  uint64_t h = MixWord(0xcbf29ce484222325ull, salt);
  h = MixFloat(MixFloat(h, dd.DisplaySize.x), dd.DisplaySize.y);
  h = MixFloat(MixFloat(h, dd.FramebufferScale.x), dd.FramebufferScale.y);
  h = MixFloat(MixFloat(h, dd.DisplayPos.x), dd.DisplayPos.y);
  for (int n = 0; n < dd.CmdListsCount; ++n) {
    const ImDrawList* list = dd.CmdLists[n];
    h = MixBytes(h, list->VtxBuffer.Data, sizeof(ImDrawVert) * list->VtxBuffer.Size);
    h = MixBytes(h, list->IdxBuffer.Data, sizeof(ImDrawIdx) * list->IdxBuffer.Size);
    for (const ImDrawCmd& c : list->CmdBuffer) {
      h = MixFloat(MixFloat(h, c.ClipRect.x), c.ClipRect.y);
      h = MixFloat(MixFloat(h, c.ClipRect.z), c.ClipRect.w);
      const auto tex = reinterpret_cast<uintptr_t>(c.TextureId);
      h = MixWord(h, static_cast<uint64_t>(tex));
      h = MixWord(MixWord(h, c.VtxOffset), c.IdxOffset);
      h = MixWord(MixWord(h, c.ElemCount), c.UserCallback != nullptr ? 1u : 0u);
    }
  }
  return h;
}

bool ImGuiWantsFrames() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  const ImGuiIO& io = g.IO;
  for (bool down : io.MouseDown) {
    if (down) return true;
  }
  for (bool down : io.KeysDown) {
    if (down) return true;
  }
  if (g.NavWindowingTarget != nullptr || g.NavWindowingTargetAnim != nullptr) return true;
  for (const ImGuiWindow* w : g.Windows) {
    if (!w->Active) continue;  // laid out this frame (a closed window keeps stale counters)
    if (w->HiddenFramesCanSkipItems > 0 || w->HiddenFramesCannotSkipItems > 0 ||
        w->HiddenFramesForRenderOnly > 0) {
      return true;
    }
    if (w->ScrollTarget.x != FLT_MAX || w->ScrollTarget.y != FLT_MAX) return true;
  }
  return false;
}

}  // namespace vramcalc::ui
