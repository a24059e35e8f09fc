// WebGL2 renderer for ImGui draw data (see webgl_renderer.h).
#include "webgl_renderer.h"

#include <cstddef>
#include <cstdint>

namespace vramcalc::web {
namespace {

// Fills and borders (most of the pixels) sample the atlas's white pixel: those
// triangles skip the texture fetch, which is about 40% of a frame's raster time
// under software GL (SwiftShader), where the page waits for it before compositing.
constexpr const char* kVertexShader = R"(#version 300 es
uniform vec2 scale;
uniform vec2 offset;
uniform vec2 white_uv;
layout(location = 0) in vec2 pos;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 col;
out vec2 v_uv;
out vec4 v_col;
flat out int v_solid;
void main() {
  v_uv = uv;
  v_col = col;
  v_solid = uv == white_uv ? 1 : 0;
  gl_Position = vec4(pos * scale + offset, 0.0, 1.0);
})";

constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D tex;
in vec2 v_uv;
in vec4 v_col;
flat in int v_solid;
out vec4 color;
void main() {
  if (v_solid == 1) {
    color = v_col;
  } else {
    color = v_col * texture(tex, v_uv);
  }
})";

GLuint Compile(GLenum type, const char* source) {
  const GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &source, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (ok) return s;
  glDeleteShader(s);
  return 0;
}

}  // namespace

bool WebGlRenderer::Init() {
  const GLuint vs = Compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fs = Compile(GL_FRAGMENT_SHADER, kFragmentShader);
  if (vs == 0 || fs == 0) return false;
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) return false;
  scale_loc_ = glGetUniformLocation(program_, "scale");
  white_uv_loc_ = glGetUniformLocation(program_, "white_uv");
  offset_loc_ = glGetUniformLocation(program_, "offset");

  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ebo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo_);  // recorded in the vertex array
  constexpr GLsizei kStride = sizeof(ImDrawVert);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, kStride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, kStride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, kStride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, col)));

  // The pipeline state for the page's lifetime: alpha blending, scissor per command.
  glUseProgram(program_);
  glUniform1i(glGetUniformLocation(program_, "tex"), 0);
  glActiveTexture(GL_TEXTURE0);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);

  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "vramcalc_webgl2";
  return true;
}

void WebGlRenderer::UploadFonts() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  if (font_texture_ == 0) glGenTextures(1, &font_texture_);
  glBindTexture(GL_TEXTURE_2D, font_texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<uintptr_t>(font_texture_)));
  glUniform2f(white_uv_loc_, io.Fonts->TexUvWhitePixel.x, io.Fonts->TexUvWhitePixel.y);
  io.Fonts->ClearTexData();  // the GPU has it; the CPU copy is ~1 MB at 2x
}

void WebGlRenderer::Draw(const ImDrawData& dd, int fb_w, int fb_h, const ImVec4& clear) {
  glViewport(0, 0, fb_w, fb_h);
  glDisable(GL_SCISSOR_TEST);  // glClear honours the scissor box
  glClearColor(clear.x, clear.y, clear.z, clear.w);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_SCISSOR_TEST);
  if (fb_w <= 0 || fb_h <= 0 || dd.DisplaySize.x <= 0 || dd.DisplaySize.y <= 0) return;

  // CSS-pixel positions to clip space, y down.
  const float sx = 2.0f / dd.DisplaySize.x, sy = -2.0f / dd.DisplaySize.y;
  glUniform2f(scale_loc_, sx, sy);
  glUniform2f(offset_loc_, -1.0f - dd.DisplayPos.x * sx, 1.0f - dd.DisplayPos.y * sy);

  const ImVec2 clip_off = dd.DisplayPos;
  const ImVec2 clip_scale = dd.FramebufferScale;
  ImTextureID bound = nullptr;
  for (int n = 0; n < dd.CmdListsCount; ++n) {
    const ImDrawList* list = dd.CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER,
                 list->VtxBuffer.Size * static_cast<GLsizeiptr>(sizeof(ImDrawVert)),
                 list->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 list->IdxBuffer.Size * static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                 list->IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;  // the UI registers none
      const float x0 = (cmd.ClipRect.x - clip_off.x) * clip_scale.x;
      const float y0 = (cmd.ClipRect.y - clip_off.y) * clip_scale.y;
      const float x1 = (cmd.ClipRect.z - clip_off.x) * clip_scale.x;
      const float y1 = (cmd.ClipRect.w - clip_off.y) * clip_scale.y;
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_h) - y1),
                static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
      if (cmd.TextureId != bound) {
        bound = cmd.TextureId;
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<uintptr_t>(bound)));
      }
      // No base vertex in WebGL2: ImGui splits lists at 64k vertices instead
      // (ImGuiBackendFlags_RendererHasVtxOffset stays unset), so VtxOffset is 0.
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount),
                     sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
    }
  }
}

}  // namespace vramcalc::web
