// Dear ImGui 1.86 reports every item it adds (with an id) to a test engine's hooks
// when built with IMGUI_ENABLE_TEST_ENGINE. vramcalc has no test engine: the hooks
// (item_hooks.cpp, compiled into the imgui target so every user of it links) hand
// the items to whatever ItemObserver the context's TestEngine pointer holds; the
// keyboard order (keyboard_nav.h) is built from them. Nothing is observed while
// the pointer is null.
#pragma once

#include "imgui.h"

struct ImGuiContext;
struct ImRect;

namespace vramcalc::ui {

class ItemObserver {
 public:
  virtual ~ItemObserver() = default;
  // An item with an id was added to the current window (g.LastItemData holds it).
  virtual void ItemAdded(ImGuiContext& g, const ImRect& bb, ImGuiID id) = 0;
  // The label of an item just added ("##v", "Fetch", "" for a bare field).
  virtual void ItemLabel(ImGuiID id, const char* label) = 0;
};

}  // namespace vramcalc::ui
