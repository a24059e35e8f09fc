// Tab order over every widget (see keyboard_nav.h), built on Dear ImGui 1.86's own
// nav focus: a Tab only chooses which item ImGui's NavId points at, so arrows,
// Space, Escape and the nav highlight (the focus ring) keep working as ImGui does.
#include "keyboard_nav.h"

#include <algorithm>
#include <string_view>

#include "imgui_internal.h"

namespace vramcalc::ui {
namespace {

KeyboardNav* Current() {
  ImGuiContext* g = ImGui::GetCurrentContext();
  // Install() put a KeyboardNav there; the pointer is only ever one of ours.
  return g == nullptr ? nullptr
                      : static_cast<KeyboardNav*>(static_cast<ItemObserver*>(g->TestEngine));
}

// The window Tab cycles in: the open popup on top (a combo's list), else the window
// the focus is in, both as their root (the page's one window holds the columns).
ImGuiWindow* TabRoot(ImGuiContext& g) {
  for (int i = g.OpenPopupStack.Size - 1; i >= 0; --i) {
    if (ImGuiWindow* w = g.OpenPopupStack[i].Window) return w->RootWindow;
  }
  return g.NavWindow != nullptr ? g.NavWindow->RootWindow : nullptr;
}

}  // namespace

void KeyboardNav::Install() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  g.TestEngine = static_cast<ItemObserver*>(this);
  g.TestEngineHookItems = true;
}

void KeyboardNav::QueueTab(bool backwards) { pending_ += backwards ? -1 : 1; }

void KeyboardNav::ItemAdded(ImGuiContext& g, const ImRect& bb, ImGuiID id) {
  ImGuiWindow* w = g.CurrentWindow;
  const ImGuiItemFlags flags = g.LastItemData.InFlags;
  if (w == nullptr || (w->Flags & ImGuiWindowFlags_Tooltip) != 0) return;
  if ((flags & (ImGuiItemFlags_NoNav | ImGuiItemFlags_Disabled | ImGuiItemFlags_NoTabStop)) != 0) {
    return;
  }
  // Not widgets a user picks: the child window itself (EndChild() adds it to its
  // parent), a scrollbar, a table's header cells.
  for (ImGuiWindow* child : w->DC.ChildWindows) {
    if (child->ChildId == id) return;
  }
  if (id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_X) ||
      id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_Y)) {
    return;
  }
  if (g.CurrentTable != nullptr && (g.CurrentTable->RowFlags & ImGuiTableRowFlags_Headers) != 0) {
    return;
  }
  if (!collecting_.empty() && collecting_.back().id == id) return;
  const ImVec2 off = w->DC.CursorStartPos;
  collecting_.push_back(Item{id, w, bb.Min.x - off.x, bb.Min.y - off.y, bb.Max.x - off.x,
                             bb.Max.y - off.y, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y,
                             w->DC.NavFocusScopeIdCurrent, (flags & ImGuiItemFlags_Inputable) != 0,
                             NameOf(id)});
}

void KeyboardNav::ItemLabel(ImGuiID id, const char* label) {
  if (collecting_.empty() || collecting_.back().id != id || label == nullptr) return;
  std::string_view text = label;
  text = text.substr(0, text.find("##"));  // the hidden part of an ImGui label
  if (text.empty()) return;
  collecting_.back().name = std::string(text);
  names_[id] = collecting_.back().name;
}

std::string KeyboardNav::NameOf(ImGuiID id) const {
  // ImGui names an item only once it is drawn; one scrolled out of view keeps the
  // name it had, or its form row's label.
  auto it = names_.find(id);
  return it != names_.end() ? it->second : form_label_;
}

int KeyboardNav::IndexOf(ImGuiID id) const {
  for (size_t i = 0; i < order_.size(); ++i) {
    if (order_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<const KeyboardNav::Item*> KeyboardNav::Ring() const {
  ImGuiWindow* root = TabRoot(*ImGui::GetCurrentContext());
  std::vector<const Item*> ring;
  for (const Item& it : order_) {
    auto* w = static_cast<ImGuiWindow*>(it.window);
    if (root == nullptr || w->RootWindow == root) ring.push_back(&it);
  }
  return ring;
}

bool KeyboardNav::LeavesOnTab(bool backwards) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // A popup's list keeps the focus (Tab cycles in it), as do Tabs not yet applied.
  if (!started_ || pending_ != 0 || g.OpenPopupStack.Size > 0) return false;
  const std::vector<const Item*> ring = Ring();
  if (ring.empty()) return false;
  if (g.NavId != (backwards ? ring.front() : ring.back())->id) return false;
  if (g.ActiveId != 0) ImGui::ClearActiveID();  // leaving a field being edited commits it
  // Back in from the page, the first Tab lands on the first widget (Shift+Tab the
  // last), as on load; no ring is left on a canvas without the focus.
  started_ = false;
  g.NavDisableHighlight = true;
  return true;
}

void KeyboardNav::MoveFocus(int steps) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  const std::vector<const Item*> ring = Ring();
  if (ring.empty()) return;
  const int n = static_cast<int>(ring.size());
  int at = -1;
  for (int i = 0; started_ && i < n; ++i) {
    if (ring[i]->id == g.NavId) at = i;
  }
  started_ = true;
  // From nowhere, the first Tab lands on the first widget (Shift+Tab on the last).
  int next = at < 0 ? (steps > 0 ? steps - 1 : n + steps) : at + steps;
  next = ((next % n) + n) % n;
  const Item& it = *ring[next];
  auto* w = static_cast<ImGuiWindow*>(it.window);
  if (g.ActiveId != 0) ImGui::ClearActiveID();  // leaving a field being edited commits it
  ImGui::FocusWindow(w);
  ImGui::SetNavID(it.id, ImGuiNavLayer_Main, it.focus_scope, ImRect(it.x0, it.y0, it.x1, it.y1));
  ImGui::ScrollToRectEx(w, ImGui::WindowRectRelToAbs(w, ImRect(it.x0, it.y0, it.x1, it.y1)),
                        ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
  // ImGui shows its highlight after arrow moves only; a Tab is a keyboard move too.
  g.NavDisableHighlight = false;
  g.NavDisableMouseHover = g.NavMousePosDirty = true;
}

void KeyboardNav::BeginFrame() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) started_ = true;  // Tab goes on from there
  if (pending_ != 0) {
    MoveFocus(pending_);
    pending_ = 0;
  }
  // Enter on a focused button, checkbox or combo presses it, as Space does; ImGui
  // gives Enter to text fields only.
  const int at = IndexOf(g.NavId);
  if (at >= 0 && !order_[at].inputable && g.ActiveId == 0 && !g.NavDisableHighlight &&
      ImGui::IsKeyPressedMap(ImGuiKey_Enter, false)) {
    g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = g.NavId;
    g.NavActivateFlags = ImGuiActivateFlags_PreferTweak;
  }
  // Typing into a focused text field edits it, replacing its value as a spreadsheet
  // cell does: ImGui 1.86 starts editing a nav-focused field only on Enter or Space,
  // and drops the characters of the frame that starts it, so they wait one frame
  // (the settle frame the key event already owes) and go in once the field is active.
  ImGuiIO& io = ImGui::GetIO();
  if (!held_chars_.empty()) {
    if (g.ActiveId != 0) {  // before any typed since, in the order they came
      for (size_t i = 0; i < held_chars_.size(); ++i) {
        io.InputQueueCharacters.insert(io.InputQueueCharacters.begin() + i, held_chars_[i]);
      }
    }
    held_chars_.clear();
  } else if (at >= 0 && order_[at].inputable && g.ActiveId == 0 && !g.NavDisableHighlight &&
             !io.InputQueueCharacters.empty() && io.InputQueueCharacters[0] > ' ') {
    held_chars_.assign(io.InputQueueCharacters.begin(), io.InputQueueCharacters.end());
    io.InputQueueCharacters.resize(0);
    g.NavActivateInputId = g.NavId;  // edit with its text selected (InputText's nav start)
    g.NavActivateFlags = ImGuiActivateFlags_PreferInput;
  }
  collecting_.clear();
  excluded_.clear();
  form_label_.clear();
}

void KeyboardNav::EndFrame(UiState& s) {
  const auto skipped = [&](const Item& it) {
    return std::find(excluded_.begin(), excluded_.end(), it.id) != excluded_.end();
  };
  collecting_.erase(std::remove_if(collecting_.begin(), collecting_.end(), skipped),
                    collecting_.end());
  order_.swap(collecting_);
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // Before the first Tab or click ImGui's own (hidden) focus is nobody's.
  const int at = started_ ? IndexOf(g.NavId) : -1;
  UiState::KeyboardFocus f;
  f.index = at;
  f.count = static_cast<int>(order_.size());
  f.ring = at >= 0 && !g.NavDisableHighlight;
  f.popup = g.OpenPopupStack.Size > 0;
  if (at >= 0) {
    const Item& it = order_[at];
    f.name = it.name;
    f.x = it.ax0;
    f.y = it.ay0;
    f.w = it.ax1 - it.ax0;
    f.h = it.ay1 - it.ay0;
  }
  // A screen reader hears where a Tab went (the page's mirror reads FocusText):
  // a focus change is a change of what the page says, once per move.
  if (f.ring && (f.index != s.focus.index || f.name != s.focus.name)) ++s.version;
  s.focus = f;
}

void NameNextItems(const char* name) {
  if (KeyboardNav* k = Current()) k->NameItems(name);
}

void ExcludeFromTabOrder(ImGuiID id) {
  if (KeyboardNav* k = Current()) k->Exclude(id);
}

}  // namespace vramcalc::ui
