// "Data types" section of the results column, collapsible: core's dtype table
// (bytes per element, sign/exponent/mantissa layout, note) and the bit explorer,
// which edits one float type's fields or raw pattern through SetBits() /
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

// The pattern as bits, grouped "1 | 00010001 | 0000101", in the field colours.
void ShowBitString(const BitExplorer& b, const DTypeInfo& t) {
  const ImVec4 colours[] = {ImVec4(0.95f, 0.55f, 0.55f, 1.0f), ImVec4(0.55f, 0.80f, 1.0f, 1.0f),
                            ImVec4(0.60f, 0.90f, 0.60f, 1.0f)};
  const uint32_t values[] = {b.sign, b.exponent, b.mantissa};
  const int widths[] = {t.sign_bits, t.exponent_bits, t.mantissa_bits};
  for (int f = 0; f < 3; ++f) {
    std::string bits;
    for (int i = widths[f] - 1; i >= 0; --i) bits += (values[f] >> i) & 1u ? '1' : '0';
    if (f > 0) {
      ImGui::SameLine();
      ImGui::TextDisabled("|");
      ImGui::SameLine();
    }
    ImGui::TextColored(colours[f], "%s", bits.c_str());
  }
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
  FormLabel("");
  ShowBitString(s.bits, t);
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
  ImGui::SetNextItemOpen(s.dtypes_open, ImGuiCond_Always);
  s.dtypes_open = ImGui::CollapsingHeader(Tr("Data types"));
  if (!s.dtypes_open) return;
  ShowTable();
  ImGui::Spacing();
  SectionTitle(Tr("BIT EXPLORER"));
  ShowExplorer(s);
}

}  // namespace vramcalc::ui
