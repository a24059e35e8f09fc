// The keyboard's Tab order over every widget. Dear ImGui 1.86 tabs only between
// text fields, and only inside one child window, so Tab never reached a combo, a
// button or the results column. KeyboardNav takes the Tab key instead (the platform
// hands it the presses and keeps them from ImGui): each frame it records every item
// ImGui adds (item_hooks.h), in drawing order, and a Tab moves ImGui's own nav focus
// to the next one (Shift+Tab the previous), scrolls it into view and shows the nav
// highlight, the focus ring. Arrows, Space and Escape stay ImGui's; Enter presses
// the focused button or opens the focused combo as Space does (text fields take it
// themselves). Typing into a focused text field starts editing it, its text
// selected, so the keys replace it. With a popup open (a combo's list) Tab cycles
// within it; otherwise Tab on the last widget (Shift+Tab on the first) leaves the
// canvas for the rest of the page, so the keyboard is never trapped.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "item_hooks.h"
#include "ui_state.h"

namespace vramcalc::ui {

class KeyboardNav final : public ItemObserver {
 public:
  // Observes the current ImGui context's items from now on; `this` must outlive it.
  void Install();
  void QueueTab(bool backwards);  // one Tab key press (repeats too), for BeginFrame
  // A Tab (Shift+Tab) on the last (first) widget leaves the canvas rather than wrap:
  // true when it does, and the page must let the browser move its focus on.
  bool LeavesOnTab(bool backwards);
  void BeginFrame();  // after ImGui::NewFrame(): Tabs and Enter act
  // Before ImGui::Render(): this frame's order is kept for the next Tab, and the
  // focus is published in s.focus (state().focus).
  void EndFrame(UiState& s);

  void ItemAdded(ImGuiContext& g, const ImRect& bb, ImGuiID id) override;
  void ItemLabel(ImGuiID id, const char* label) override;
  void NameItems(const char* name) { form_label_ = name; }
  void Exclude(ImGuiID id) { excluded_.push_back(id); }

 private:
  struct Item {
    ImGuiID id;
    void* window;              // ImGuiWindow*
    float x0, y0, x1, y1;      // rectangle, relative to the window's content start
    float ax0, ay0, ax1, ay1;  // rectangle on screen this frame (CSS pixels)
    ImGuiID focus_scope;
    bool inputable;  // a text field: Enter edits it
    std::string name;
  };
  std::vector<const Item*> Ring() const;  // the tab stops Tab cycles over now
  void MoveFocus(int steps);
  std::string NameOf(ImGuiID id) const;  // a new item's name before ImGui labels it
  int IndexOf(ImGuiID id) const;         // in order_, -1 when absent
  std::vector<Item> order_;              // last frame's tab stops
  std::vector<Item> collecting_;         // this frame's, in drawing order
  std::vector<ImGuiID> excluded_;
  std::unordered_map<ImGuiID, std::string> names_;  // every label ImGui gave, by item
  std::string form_label_;           // the form row's label, names its unnamed widgets
  int pending_ = 0;                  // Tab presses not yet applied (Shift+Tab: -1 each)
  std::vector<ImWchar> held_chars_;  // typed into a focused field, for its first edit frame
  // False until the first Tab or click: ImGui puts its (hidden) nav focus on the
  // window's first item by itself, and the first Tab must land there, not after it.
  bool started_ = false;
};

// The name screen readers and state().focus give the widgets of a form row whose
// own label is hidden ("##v"): the row's label. No-op without a KeyboardNav.
void NameNextItems(const char* name);
// Leaves an item out of the Tab order (a number field's -/+ buttons: the arrow
// keys step the field instead). No-op without a KeyboardNav.
void ExcludeFromTabOrder(ImGuiID id);

}  // namespace vramcalc::ui
