// A WebGL2 renderer for Dear ImGui's draw data, in place of imgui_impl_opengl3.
// The page owns its GL context and nothing else draws into it, so the pipeline
// state is set once and never saved or restored: the stock backend reads about
// twenty values back with glGetIntegerv per frame, and each of those is a
// synchronous getParameter() in WebGL, which was most of a frame's main-thread
// time. Call order: Init, UploadFonts (again after the atlas is rebuilt), Draw.
#pragma once

#include <GLES3/gl3.h>

#include "imgui.h"

namespace vramcalc::web {

class WebGlRenderer {
 public:
  // Compiles the shaders and sets the fixed pipeline state; false on failure.
  bool Init();
  // (Re)uploads ImGui's font atlas and hands its texture id to ImGui.
  void UploadFonts();
  // Clears the backing store (fb_w x fb_h device pixels) to `clear` and draws `dd`.
  void Draw(const ImDrawData& dd, int fb_w, int fb_h, const ImVec4& clear);

 private:
  GLuint program_ = 0;
  GLuint vao_ = 0, vbo_ = 0, ebo_ = 0;
  GLuint font_texture_ = 0;
  GLint scale_loc_ = -1, offset_loc_ = -1;  // clip-space transform of CSS-pixel positions
  GLint white_uv_loc_ = -1;                 // the atlas's white pixel: untextured triangles
};

}  // namespace vramcalc::web
