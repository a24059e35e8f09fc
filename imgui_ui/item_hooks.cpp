// Dear ImGui's test-engine hooks (see item_hooks.h), forwarding to an ItemObserver.
#include "item_hooks.h"

#include "imgui_internal.h"

namespace {
vramcalc::ui::ItemObserver* Observer(ImGuiContext* ctx) {
  return static_cast<vramcalc::ui::ItemObserver*>(ctx->TestEngine);
}
}  // namespace

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  if (vramcalc::ui::ItemObserver* o = Observer(ctx)) o->ItemAdded(*ctx, bb, id);
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags) {
  if (vramcalc::ui::ItemObserver* o = Observer(ctx)) o->ItemLabel(id, label);
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
