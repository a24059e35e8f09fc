// "Data types" section of the results column, collapsible (the header's "Data types"
// button opens it and scrolls to it): core's dtype table (bytes per element,
// sign/exponent/mantissa layout, note) and the bit explorer, which edits one float
// type's fields, raw pattern or single bits (click one) through SetBits() /
// SetBitsPattern() and shows what core's decode_fields() made of them. The UI
// does no float arithmetic: it formats integers and core's decoded value.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dtype.h"
#include "imgui.h"
#include "panels.h"
#include "theme.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// "4", "2", "0.5" (from bits) or "34 B / 32" for block-quantized types.
std::string BytesPerElement(const DTypeInfo& t) {
  if (t.block_elems > 1) {
    return std::to_string(t.block_bytes) + " B / " + std::to_string(t.block_elems);
  }
  std::string out = std::to_string(t.storage_bits / 8);
  if (t.storage_bits % 8 != 0) {
    if (t.storage_bits < 8) out = "0";
    out += "." + std::to_string(t.storage_bits % 8 * 10 / 8);  // 4 bits: "0.5"
  }
  return out;
}

// "1/8/7"; TF32 adds its 19 bits (stored in 32); "-" for integer / lookup types.
std::string Layout(const DTypeInfo& t) {
  if (!t.is_float) return "-";
  std::string out = std::to_string(t.sign_bits) + "/" + std::to_string(t.exponent_bits) + "/" +
                    std::to_string(t.mantissa_bits);
  const int used = t.sign_bits + t.exponent_bits + t.mantissa_bits;
  if (used != t.storage_bits) out += " = " + std::to_string(used) + " bits";
  return out;
}

void ShowTable() {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("dtypes", 4, flags)) return;
  ImGui::TableSetupColumn(Tr("Type"));
  ImGui::TableSetupColumn(Tr("Bytes / element"));
  ImGui::TableSetupColumn(Tr("S/E/M bits"));
  ImGui::TableSetupColumn(Tr("Note"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const DTypeInfo& t : all_dtypes()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.name);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(BytesPerElement(t).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Layout(t).c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", t.note);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

// A field edited as a whole number, clamped to [0, max] before it reaches SetBits().
bool FieldInput(const char* label, uint32_t value, uint32_t max, int64_t* out) {
  int v = static_cast<int>(value);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (!ImGui::InputInt(label, &v, 1, 16)) return false;
  *out = std::clamp<int64_t>(v, 0, static_cast<int64_t>(max));
  return *out != static_cast<int64_t>(value);
}

// The pattern as bits, grouped "1 | 00010001 | 0000101" in the field colours, each a
// button: a click flips that bit (SetBitsPattern, so core decodes the new pattern).
// The row wraps where the column ends (FP32's 32 bits on a phone).
void ShowBitButtons(UiState& s, const DTypeInfo& t) {
  const Palette& p = CurrentPalette();
  const Rgb colours[] = {p.bit_sign, p.bit_exponent, p.bit_mantissa};
  const char* names[] = {"sign", "exponent", "mantissa"};
  const int widths[] = {t.sign_bits, t.exponent_bits, t.mantissa_bits};
  const uint32_t pattern = BitsPattern(s.bits);
  const int total = widths[0] + widths[1] + widths[2];
  const ImGuiStyle& st = ImGui::GetStyle();
  const float button_w = ImGui::CalcTextSize("0").x + st.FramePadding.x * 2;
  const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2.0f, st.ItemSpacing.y));
  ImGui::PushStyleColor(ImGuiCol_Button, Colour(p.frame_bg));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, Colour(p.frame_hovered));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, Colour(p.frame_hovered));
  int bit = total - 1;  // the pattern's bit under the next button
  bool first = true;
  for (int f = 0; f < 3; ++f) {
    for (int i = 0; i < widths[f]; ++i, --bit) {
      const bool gap = i == 0 && f > 0;  // a wider space between the fields
      if (!first) {
        ImGui::SameLine(0.0f, gap ? st.ItemSpacing.x : 2.0f);
        if (ImGui::GetCursorPosX() + button_w > right) ImGui::NewLine();
      }
      first = false;
      const char label[2] = {(pattern >> bit) & 1u ? '1' : '0', '\0'};
      ImGui::PushID(bit);
      ImGui::PushStyleColor(ImGuiCol_Text, Colour(colours[f]));
      const bool flip = ImGui::Button(label, ImVec2(button_w, 0));
      ImGui::PopStyleColor();
      ImGui::PopID();
      ItemTooltip(TrFill("Bit %s (%s): click to flip it", {std::to_string(bit), Tr(names[f])}));
      if (flip) SetBitsPattern(s, t.id, pattern ^ (1u << bit));
    }
  }
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar();
}

void ShowExplorer(UiState& s) {
  const BitExplorer& b = s.bits;
  const DTypeInfo& t = dtype_info(b.dtype);
  const uint32_t max_exp = (1u << t.exponent_bits) - 1;
  const uint32_t max_man = (1u << t.mantissa_bits) - 1;
  if (!ImGui::BeginTable("bitform", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("widget", ImGuiTableColumnFlags_WidthStretch);

  FormLabel(Tr("Type"));
  std::vector<Choice> choices;
  for (const DTypeInfo& d : all_dtypes()) {
    if (d.is_float) choices.push_back({d.id, d.name, d.note});
  }
  std::string picked;
  if (OptionCombo("##bits-dtype", choices, t.id, &picked)) {
    // Same fields, clamped to the new type's widths.
    const DTypeInfo& n = dtype_info(*parse_dtype(picked));
    SetBits(s, picked, b.sign, std::min<int64_t>(b.exponent, (1 << n.exponent_bits) - 1),
            std::min<int64_t>(b.mantissa, (1 << n.mantissa_bits) - 1));
  }

  int64_t v = 0;
  FormLabel(Tr("Sign"));
  if (FieldInput("##sign", b.sign, 1, &v)) SetBits(s, t.id, v, b.exponent, b.mantissa);
  char label[48];
  std::snprintf(label, sizeof label, Tr("Exponent (0..%u)"), max_exp);
  FormLabel(label);
  if (FieldInput("##exponent", b.exponent, max_exp, &v)) SetBits(s, t.id, b.sign, v, b.mantissa);
  std::snprintf(label, sizeof label, Tr("Mantissa (0..%u)"), max_man);
  FormLabel(label);
  if (FieldInput("##mantissa", b.mantissa, max_man, &v)) SetBits(s, t.id, b.sign, b.exponent, v);

  FormLabel(Tr("Bits (hex)"));
  char hex[16];
  std::snprintf(hex, sizeof hex, "%0*X", (t.storage_bits + 3) / 4, BitsPattern(b));
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::InputText(
          "##hex", hex, sizeof hex,
          ImGuiInputTextFlags_CharsHexadecimal | ImGuiInputTextFlags_EnterReturnsTrue)) {
    SetBitsPattern(s, t.id, std::strtoull(hex, nullptr, 16));
  }
  ItemTooltip(Tr("The raw pattern; Enter applies it"));
  FormLabel(Tr("Bits"));
  ShowBitButtons(s, t);
  ImGui::EndTable();

  // The decoded value, from core, in full precision.
  const BitExplorer& now = s.bits;
  const DTypeInfo& nt = dtype_info(now.dtype);
  const int bias = (1 << (nt.exponent_bits - 1)) - 1;
  ImGui::Spacing();
  ImGui::Text(Tr("Value  %.17g"), now.decoded.value);
  ImGui::SameLine();
  ImGui::TextDisabled("(%s)", Tr(now.decoded.kind));
  ImGui::PushTextWrapPos(0.0f);
  if (std::string(now.decoded.kind) == "normal") {
    ImGui::TextDisabled("(-1)^%u x 2^(%u - %d) x (1 + %u / 2^%d)", now.sign, now.exponent, bias,
                        now.mantissa, nt.mantissa_bits);
  } else if (std::string(now.decoded.kind) == "subnormal") {
    ImGui::TextDisabled("(-1)^%u x 2^(1 - %d) x (%u / 2^%d)", now.sign, bias, now.mantissa,
                        nt.mantissa_bits);
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void ShowDataTypesPanel(UiState& s) {
  if (s.scroll_to_dtypes) {  // the header's shortcut: this section at the column's top
    ImGui::SetScrollHereY(0.0f);
    s.scroll_to_dtypes = false;
  }
  ImGui::SetNextItemOpen(s.dtypes_open, ImGuiCond_Always);
  s.dtypes_open = ImGui::CollapsingHeader(Tr("Data types"));
  if (!s.dtypes_open) return;
  ShowTable();
  ImGui::Spacing();
  SectionTitle(Tr("BIT EXPLORER"));
  ShowExplorer(s);
}

}  // namespace vramcalc::ui
