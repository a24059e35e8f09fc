// Leaves Dear ImGui's built-in font (ProggyClean, ~12 KB of base85 text, ~9 KB of
// the gzipped wasm) out of the download. ImFontAtlas::GetTexDataAs*() calls
// AddFontDefault() only when no font was added, and the page always adds its
// own two (ui::LoadFonts) before the atlas is built, so the call is never taken;
// the linker still keeps everything it reaches. web/CMakeLists.txt links with
// --wrap for that symbol, which sends the call here instead.
#include "imgui.h"

// ImFontAtlas::AddFontDefault(const ImFontConfig*), `this` first as in the wasm ABI.
extern "C" ImFont* __wrap__ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig(  // NOLINT
    ImFontAtlas* /*atlas*/, const ImFontConfig* /*config*/) {
  IM_ASSERT(false && "the page adds its own fonts before building the atlas");
  return nullptr;
}
