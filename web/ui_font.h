// The UI font, embedded at build time (web/tools/embed_font.py writes
// ui_font.cpp from Debian's DejaVu Sans, subset to the characters the UI draws).
#pragma once

#include <cstddef>

namespace vramcalc::web {

extern const unsigned char kUiFontTtf[];  // TrueType bytes
extern const size_t kUiFontTtfSize;       // bytes

}  // namespace vramcalc::web
