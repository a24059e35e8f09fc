// printable(): see printable.h.
#include "printable.h"

#include <cstdint>

namespace vramcalc {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_byte_escape(std::string& out, unsigned char b) {
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

void append_code_point_escape(std::string& out, uint32_t cp) {
  out += "\\u{";
  bool started = false;
  for (int shift = 20; shift >= 0; shift -= 4) {
    const uint32_t digit = (cp >> shift) & 15;
    if (digit != 0 || started || shift == 0) {
      out += kHex[digit];
      started = true;
    }
  }
  out += '}';
}

// Code points that are valid UTF-8 yet change how text is laid out or read:
// C1 controls (U+0080..9F; U+009B is an 8-bit CSI), line/paragraph separators,
// bidirectional embeddings, overrides and isolates, and the BOM / zero-width no-break.
bool unsafe_code_point(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
         cp == 0x200f || cp == 0x061c || cp == 0xfeff;
}

// Length of the valid UTF-8 sequence starting at s[i] and its code point; 0 when
// the bytes there are not one (overlong, surrogate, past U+10FFFF, truncated).
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  uint32_t min = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2, cp = b0 & 0x1f, min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3, cp = b0 & 0x0f, min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

}  // namespace

std::string printable(std::string_view text, size_t max_bytes) {
  constexpr size_t kMark = 3;  // "..."
  std::string out;
  size_t keep = 0;  // output length at the last character boundary that leaves room for "..."
  std::string piece;
  for (size_t i = 0; i < text.size();) {
    piece.clear();
    const auto b = static_cast<unsigned char>(text[i]);
    size_t used = 1;
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7f) {
        append_byte_escape(piece, b);
      } else {
        piece += static_cast<char>(b);
      }
    } else {
      uint32_t cp = 0;
      const size_t len = decode_utf8(text, i, cp);
      if (len == 0) {
        append_byte_escape(piece, b);  // one invalid byte; resynchronise at the next
      } else {
        used = len;
        if (unsafe_code_point(cp)) {
          append_code_point_escape(piece, cp);
        } else {
          piece.append(text.substr(i, len));
        }
      }
    }
    if (out.size() + piece.size() + kMark <= max_bytes) keep = out.size() + piece.size();
    out += piece;
    if (out.size() > max_bytes) {  // it does not all fit: cut at `keep` and mark the cut
      out.resize(keep);
      if (keep + kMark <= max_bytes) out += "...";
      return out;
    }
    i += used;
  }
  return out;
}

}  // namespace vramcalc
