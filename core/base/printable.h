// The one rule for text that came from a file and may reach a terminal, the page
// or a screen reader: model names, architecture strings, notes, error messages.
// Control characters (C0, DEL, C1), line and paragraph separators, bidirectional
// overrides and invalid UTF-8 are written as visible escapes, and the text is cut
// to a length, so no file can move a cursor, clear a terminal, break a line or
// reorder what is shown.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vramcalc {

// `text` with every unsafe byte or code point escaped (\xNN for bytes, \u{NNNN}
// for code points), cut at a character boundary to at most `max_bytes` bytes of
// output, "..." marking a cut. Printable UTF-8 (accents, CJK) passes unchanged.
std::string printable(std::string_view text, size_t max_bytes);

// Caps for printable(): a name from a file, and one error or note line.
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxLineBytes = 2000;

}  // namespace vramcalc
