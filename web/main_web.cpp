// Browser entry point: GLFW + WebGL2 window on #canvas, Dear ImGui's GLFW
// backend with our WebGL2 renderer, and an event-driven main loop. The loop runs
// only while something happens: input, a resize, a state change from JS
// (vramcalc_wake) wakes it, ui::FramePacer says how many frames to lay out and
// which differ from the screen, and the loop pauses itself once the picture is
// stable, so an idle page makes no requestAnimationFrame callbacks at all.
// All application work is ui::Draw(state).
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "adapters.h"
#include "app.h"
#include "frame_pacer.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "keyboard_nav.h"
#include "theme.h"
#include "ui_font.h"
#include "webgl_renderer.h"

namespace {

constexpr const char* kCanvas = "#canvas";

struct WebApp {
  GLFWwindow* window = nullptr;
  vramcalc::ui::UiState state;
  vramcalc::ui::FramePacer pacer;  // which ticks lay out and present a frame
  vramcalc::ui::KeyboardNav keys;  // Tab order over every widget (ImGui 1.86 has none)
  vramcalc::web::WebGlRenderer renderer;
  bool loop_running = true;        // false while the main loop is paused (idle)
  uint32_t font_generation = 0;    // bumped when the atlas is rebuilt: new pixels
  uint64_t seen_version = ~0ull;   // state.version when JS last heard of it
  int canvas_w = 0, canvas_h = 0;  // backing store, device pixels
  double css_w = 0, css_h = 0;     // canvas size, CSS pixels
  float pixel_ratio = 0.0f;        // the font atlas is rasterised for this ratio
  size_t atlas_cjk_bytes = 0;      // size of the CJK font in the atlas (0: 中文 only)
  bool cjk_font_asked = false;     // the page was asked to fetch zh-glyphs.ttf (this zh spell)
  bool first_frame_marked = false;
  int embed_height = 0;         // CSS pixels the embed view last told its parent page (0: none yet)
  bool mouse_inside = true;     // false once the pointer left the canvas (an iframe's, say)
  const char* told_theme = "";  // the theme the page's CSS was last told (ThemeId)
};

// Calls into the page's glue (web/vramcalc_glue.js); EM_JS needs no eval.
EM_JS(void, js_first_frame, (), { performance.mark('vramcalc-first-frame'); });
EM_JS(void, js_results_changed, (), {
  if (Module['vramcalcResultsChanged']) Module['vramcalcResultsChanged']();
});
EM_JS(void, js_open_file_picker, (), {
  if (Module['vramcalcOpenFilePicker']) Module['vramcalcOpenFilePicker']();
});
EM_JS(void, js_need_cjk_font, (), {
  if (Module['vramcalcNeedCjkFont']) Module['vramcalcNeedCjkFont']();
});
EM_JS(void, js_page_request, (const char* what), {
  if (Module['vramcalcPageRequest']) Module['vramcalcPageRequest'](UTF8ToString(what));
});
EM_JS(void, js_theme, (const char* id), {
  if (Module['vramcalcTheme']) Module['vramcalcTheme'](UTF8ToString(id));
});
EM_JS(void, js_embed_height, (int css_px), {
  if (Module['vramcalcEmbedHeight']) Module['vramcalcEmbedHeight'](css_px);
});

// The one app of this page, for vramcalc_wake() (called from JS, which holds no
// pointer to it); browser callbacks get it through their user data instead.
WebApp* g_app = nullptr;

WebApp& AppOf(GLFWwindow* w) { return *static_cast<WebApp*>(glfwGetWindowUserPointer(w)); }
void Wake(WebApp& app) {
  app.pacer.Wake();
  if (!app.loop_running) {
    app.loop_running = true;
    emscripten_resume_main_loop();
  }
}
void Wake(GLFWwindow* w) { Wake(AppOf(w)); }

// Input callbacks, installed before ImGui's backend, which chains to them.
void OnCursor(GLFWwindow* w, double, double) { Wake(w); }
void OnButton(GLFWwindow* w, int, int, int) { Wake(w); }
void OnScroll(GLFWwindow* w, double, double) { Wake(w); }

// Emscripten 3.1.6's GLFW hands the browser's raw wheel deltas (100 per notch in
// pixels, downwards positive) to the scroll callback, so ImGui scrolled the wrong
// way by 100 steps. The canvas's wheel events come here instead, with deltaMode,
// as ImGui's steps: one notch (100 px or 3 lines) = 1, upwards positive.
EM_BOOL OnWheel(int, const EmscriptenWheelEvent* e, void* user) {
  // The embed view has nothing to scroll but an open popup (a combo's list): the
  // wheel goes on to scroll the documentation page around the iframe.
  auto* window = static_cast<GLFWwindow*>(user);
  if (AppOf(window).state.embed &&
      !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) {
    return EM_FALSE;
  }
  static constexpr double kPerStep[] = {100.0, 3.0, 1.0};  // pixels, lines, pages
  const double per = kPerStep[e->deltaMode <= 2 ? e->deltaMode : 0];
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH -= static_cast<float>(e->deltaX / per);
  io.MouseWheel -= static_cast<float>(e->deltaY / per);
  Wake(window);
  return EM_TRUE;  // the page itself does not scroll
}
void OnKey(GLFWwindow* w, int, int, int, int) { Wake(w); }
// Installed over ImGui's backend callback: Tab goes to the KeyboardNav (the browser's
// keydown for Tab is already prevented by Emscripten's GLFW), every other key on to
// ImGui, which chains to OnKey.
void OnKeyOrTab(GLFWwindow* w, int key, int scancode, int action, int mods) {
  if (key == GLFW_KEY_TAB) {
    if (action != GLFW_RELEASE) AppOf(w).keys.QueueTab((mods & GLFW_MOD_SHIFT) != 0);
    Wake(w);
    return;
  }
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
}
void OnChar(GLFWwindow* w, unsigned) { Wake(w); }
// The backend keeps the last position once the pointer leaves (its window counts as
// focused under Emscripten), so hovers and tooltips would stay: LayOutFrame drops it.
void OnEnter(GLFWwindow* w, int entered) {
  AppOf(w).mouse_inside = entered != 0;
  Wake(w);
}
void OnFocus(GLFWwindow* w, int) { Wake(w); }
EM_BOOL OnResize(int, const EmscriptenUiEvent*, void* user) {
  Wake(*static_cast<WebApp*>(user));  // the next frame resizes the backing store
  return EM_FALSE;
}

// Emscripten's GLFW has no HiDPI support: keep the backing store at CSS size x
// devicePixelRatio ourselves and rasterise fonts for that ratio. True on change.
bool SyncCanvasSize(WebApp& app) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  const double dpr = emscripten_get_device_pixel_ratio();
  const int w = static_cast<int>(std::lround(css_w * dpr));
  const int h = static_cast<int>(std::lround(css_h * dpr));
  bool changed = false;
  if (w != app.canvas_w || h != app.canvas_h || css_w != app.css_w || css_h != app.css_h) {
    emscripten_set_canvas_element_size(kCanvas, w, h);
    app.canvas_w = w;
    app.canvas_h = h;
    app.css_w = css_w;
    app.css_h = css_h;
    changed = true;
  }
  // A new ratio or the fetched CJK font (zh) rebuilds the atlas.
  const std::string& cjk = vramcalc::web::CjkFont();
  if (static_cast<float>(dpr) != app.pixel_ratio || cjk.size() != app.atlas_cjk_bytes) {
    app.pixel_ratio = static_cast<float>(dpr);
    app.atlas_cjk_bytes = cjk.size();
    const auto* cjk_ttf = reinterpret_cast<const unsigned char*>(cjk.data());
    const bool full = !cjk.empty();
    vramcalc::ui::LoadFonts(vramcalc::web::kUiFontTtf, vramcalc::web::kUiFontTtfSize,
                            app.pixel_ratio, full ? cjk_ttf : vramcalc::web::kToggleFontTtf,
                            full ? cjk.size() : vramcalc::web::kToggleFontTtfSize, full);
    app.renderer.UploadFonts();
    ++app.font_generation;
    changed = true;
  }
  return changed;
}

// Lays out one frame with ImGui; its draw data is ImGui::GetDrawData(). The embed
// view's content height goes to the page when it changed (so not while idle).
void LayOutFrame(WebApp& app) {
  ImGui_ImplGlfw_NewFrame();
  // The GLFW backend reports sizes and the cursor in backing-store pixels; ImGui
  // lays out in CSS pixels and the renderer scales by the framebuffer scale.
  ImGuiIO& io = ImGui::GetIO();
  const float sx = app.css_w > 0 ? static_cast<float>(app.canvas_w / app.css_w) : 1.0f;
  const float sy = app.css_h > 0 ? static_cast<float>(app.canvas_h / app.css_h) : 1.0f;
  io.DisplaySize = ImVec2(static_cast<float>(app.css_w), static_cast<float>(app.css_h));
  io.DisplayFramebufferScale = ImVec2(sx, sy);
  if (io.MousePos.x > -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x / sx, io.MousePos.y / sy);
  if (!app.mouse_inside) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);

  ImGui::NewFrame();
  app.keys.BeginFrame();
  const int height = static_cast<int>(std::ceil(vramcalc::ui::Draw(app.state)));
  app.keys.EndFrame(app.state);
  ImGui::Render();
  if (app.state.embed && height != app.embed_height) {
    app.embed_height = height;
    js_embed_height(height);
  }
}

// A state change by the UI or by JS: frames to show it, and the page's mirror.
void NoteStateChange(WebApp& app) {
  if (app.state.version == app.seen_version) return;
  app.seen_version = app.state.version;
  app.pacer.Wake();
  js_results_changed();
}

// Chinese needs glyphs only zh pages download: ask the page once per switch to
// zh until it has them (it fetches zh-glyphs.ttf and hands it to SetCjkFont, which
// wakes the loop; when the fetch fails it switches back to English).
void AskForCjkFont(WebApp& app) {
  if (app.state.lang != vramcalc::ui::Lang::kZh) {
    app.cjk_font_asked = false;
    return;
  }
  if (app.cjk_font_asked || !vramcalc::web::CjkFont().empty()) return;
  app.cjk_font_asked = true;
  js_need_cjk_font();
}

void Frame(void* arg) {
  WebApp& app = *static_cast<WebApp*>(arg);
  vramcalc::web::RunScheduledFault();  // tests of the page's recovery (faultForTest)
  AskForCjkFont(app);
  if (SyncCanvasSize(app)) app.pacer.Wake();
  NoteStateChange(app);
  if (app.pacer.WantsFrame()) {
    LayOutFrame(app);
    const ImDrawData& dd = *ImGui::GetDrawData();
    // The backing-store size and the atlas change pixels the draw data does not show.
    const uint64_t salt = (static_cast<uint64_t>(app.canvas_w) << 40) ^
                          (static_cast<uint64_t>(app.canvas_h) << 20) ^ app.font_generation;
    const bool busy = vramcalc::ui::ImGuiWantsFrames();
    if (app.pacer.Finish(vramcalc::ui::DrawDataHash(dd, salt), busy)) {
      // The main window draws no background (app.cpp): the clear colour is its colour.
      app.renderer.Draw(dd, app.canvas_w, app.canvas_h,
                        ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    }
    NoteStateChange(app);  // a widget changed the state: its new results need frames
  }
  if (!app.pacer.WantsFrame()) {  // stable: no more callbacks until an event wakes us
    app.loop_running = false;
    emscripten_pause_main_loop();
  }
  if (!app.first_frame_marked && app.state.frames > 0) {
    app.first_frame_marked = true;
    js_first_frame();
  }
  if (app.state.open_file_requested) {
    app.state.open_file_requested = false;
    js_open_file_picker();
  }
  // The page's own background follows the theme drawn (no other-coloured edge or
  // flash while resizing): told only when it changes.
  const char* theme = vramcalc::ui::ThemeId(vramcalc::ui::ShownTheme(app.state));
  if (std::string_view(theme) != app.told_theme) {
    app.told_theme = theme;
    js_theme(theme);
  }
  if (!app.state.page_request.empty()) {  // a share/export button: clipboard or download
    js_page_request(app.state.page_request.c_str());
    app.state.page_request.clear();
  }
}

}  // namespace

// Called by the page's JS after each call into the module (web/app_host.js): a
// call that changed the state (or scheduled a frame fault for the recovery tests)
// wakes the paused loop to draw it; others cost nothing. Returns the state's
// version (low 32 bits), by which the page sees whether its snapshot is current.
extern "C" EMSCRIPTEN_KEEPALIVE uint32_t vramcalc_wake() {
  if (g_app == nullptr) return 0;
  if (g_app->state.version != g_app->seen_version || vramcalc::web::FaultScheduled()) Wake(*g_app);
  return static_cast<uint32_t>(g_app->state.version);
}

// Called by the page's keydown listener for Tab while the canvas has the focus
// (web/vramcalc_glue.js): 1 when the Tab leaves the canvas (KeyboardNav's last
// widget, or the first for Shift+Tab), and the browser's focus move must go ahead;
// 0 when the Tab stays with the app. `entering`: the canvas is just getting the
// focus back from the page, and this Tab lands on the first widget (the last).
extern "C" EMSCRIPTEN_KEEPALIVE int vramcalc_tab(int backwards, int entering) {
  if (g_app == nullptr) return 0;
  Wake(*g_app);
  if (entering) {
    g_app->keys.QueueTab(backwards != 0);
    return 0;
  }
  return g_app->keys.LeavesOnTab(backwards != 0) ? 1 : 0;
}

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // Heap-allocated: main() returns into the browser's event loop and the app
  // lives as long as the page.
  auto* app = new WebApp{};
  app->state = vramcalc::ui::MakeInitialState();
  vramcalc::web::Attach(&app->state);
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  app->window =
      glfwCreateWindow(std::max(1, static_cast<int>(css_w)), std::max(1, static_cast<int>(css_h)),
                       "vramcalc", nullptr, nullptr);
  if (app->window == nullptr) return 1;
  glfwMakeContextCurrent(app->window);
  glfwSetWindowUserPointer(app->window, app);
  glfwSetCursorPosCallback(app->window, OnCursor);
  glfwSetMouseButtonCallback(app->window, OnButton);
  glfwSetScrollCallback(app->window, OnScroll);
  glfwSetKeyCallback(app->window, OnKey);
  glfwSetCharCallback(app->window, OnChar);
  glfwSetCursorEnterCallback(app->window, OnEnter);
  glfwSetWindowFocusCallback(app->window, OnFocus);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;               // no file system: nothing to save
  io.ConfigInputTextCursorBlink = false;  // blinking would need frames while idle
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  vramcalc::ui::ApplyTheme(vramcalc::ui::ShownTheme(app->state));
  ImGui_ImplGlfw_InitForOpenGL(app->window, true);
  glfwSetScrollCallback(app->window, OnScroll);  // replaces ImGui's: the wheel goes to OnWheel
  glfwSetKeyCallback(app->window, OnKeyOrTab);   // Tab to the KeyboardNav, the rest to ImGui
  app->keys.Install();
  emscripten_set_wheel_callback(kCanvas, app->window, EM_TRUE, OnWheel);
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, app, EM_FALSE, OnResize);
  if (!app->renderer.Init()) return 1;
  g_app = app;

  emscripten_set_main_loop_arg(Frame, app, 0, true);
  return 0;
}
