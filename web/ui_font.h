// The UI font, embedded at build time (web/tools/embed_font.py writes
// ui_font.cpp from Debian's DejaVu Sans, subset to the characters the UI draws).
#pragma once

#include <cstddef>

namespace vramcalc::web {

extern const unsigned char kUiFontTtf[];  // TrueType bytes
extern const size_t kUiFontTtfSize;       // bytes
// 中文 alone, from WenQuanYi Micro Hei: the language switch's label on every page
// (the rest of the Chinese glyphs are fetched, zh-glyphs.ttf, only for zh).
extern const unsigned char kToggleFontTtf[];  // TrueType bytes
extern const size_t kToggleFontTtfSize;       // bytes

}  // namespace vramcalc::web
