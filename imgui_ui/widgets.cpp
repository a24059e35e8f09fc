// Shared widgets (see widgets.h). Kept free of UiState so panels stay the only
// place that knows which option a widget edits.
#include "widgets.h"

#include <cstdio>
#include <string_view>

#include "imgui_internal.h"
#include "keyboard_nav.h"
#include "theme.h"
#include "ui_locale.h"

namespace vramcalc::ui {

namespace {

bool Matches(const std::string& text, const char* filter) {
  if (filter[0] == '\0') return true;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  const std::string_view f(filter);
  for (size_t i = 0; i + f.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < f.size() && lower(text[i + k]) == lower(f[k])) ++k;
    if (k == f.size()) return true;
  }
  return false;
}

}  // namespace

bool OptionCombo(const char* label, const std::vector<Choice>& choices, const std::string& current,
                 std::string* picked) {
  const char* preview = current.c_str();
  for (const Choice& c : choices) {
    if (c.id == current) preview = c.label.c_str();
  }
  bool changed = false;
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo(label, preview, ImGuiComboFlags_HeightLarge)) {
    CloseOnEscape();
    // Long lists (GPUs, quantization types) get a search field, focused when the
    // list opens; Enter takes the first match. Only one combo is open at a time,
    // so one buffer serves them all.
    static char filter[48] = "";
    const bool searchable = choices.size() > 12;
    bool enter = false;
    if (searchable) {
      if (ImGui::IsWindowAppearing()) {
        filter[0] = '\0';
        ImGui::SetKeyboardFocusHere();
      }
      ImGui::SetNextItemWidth(-FLT_MIN);
      enter = ImGui::InputTextWithHint("##search", Tr("search"), filter, sizeof filter,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    }
    for (const Choice& c : choices) {
      if (searchable && !Matches(c.label, filter) && !Matches(c.id, filter)) continue;
      const bool selected = c.id == current;
      if (enter) {  // the first match, as if clicked
        enter = false;
        if (!selected) *picked = c.id, changed = true;
        ImGui::CloseCurrentPopup();
      }
      if (ImGui::Selectable(c.label.c_str(), selected) && !selected) {
        *picked = c.id;
        changed = true;
      }
      if (!c.tooltip.empty()) ItemTooltip(c.tooltip);
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool CountInput(const char* label, uint64_t value, uint64_t step, uint64_t* out) {
  // Edit a copy and hand every change to the caller, which commits it through
  // core's validation (apply_option). Committing as the user types is fine: an
  // estimate costs microseconds, and a rejected value (batch 0) only shows an error
  // while the field keeps its text.
  uint64_t v = value;
  const uint64_t step_fast = step * 8;
  ImGui::SetNextItemWidth(-FLT_MIN);
  // InputScalar's own ids: its field is "" and its buttons "-" and "+" under `label`.
  ImGui::PushID(label);
  const ImGuiID field = ImGui::GetID("");
  ExcludeFromTabOrder(ImGui::GetID("-"));  // the arrow keys step instead
  ExcludeFromTabOrder(ImGui::GetID("+"));
  ImGui::PopID();
  bool changed =
      ImGui::InputScalar(label, ImGuiDataType_U64, &v, &step, &step_fast, "%llu") && v != value;
  // Up/Down on the focused (not edited) field step it, as on a number input, instead
  // of moving the focus; Shift steps by the fast step.
  if (!changed && ImGui::GetFocusID() == field && ImGui::GetActiveID() != field) {
    const uint64_t by = ImGui::GetIO().KeyShift ? step_fast : step;
    if (ImGui::IsKeyPressedMap(ImGuiKey_UpArrow)) {
      v = value > UINT64_MAX - by ? UINT64_MAX : value + by;
    } else if (ImGui::IsKeyPressedMap(ImGuiKey_DownArrow)) {
      v = value > by ? value - by : 0;
    }
    if (v != value) {
      ImGui::NavMoveRequestCancel();  // the arrow's focus move, made this frame
      changed = true;
    }
  }
  if (changed) *out = v;
  return changed;
}

void HelpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  ItemTooltip(text);
}

void ItemTooltip(const std::string& text) {
  if (text.empty() || !ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void CloseOnEscape() {
  // Escape first leaves a popup's focused search field in ImGui; one press should
  // close the list, as a browser's select does.
  if (ImGui::IsKeyPressedMap(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
}

void FormLabel(const char* text) {
  NameNextItems(text);  // the row's widget has a hidden label ("##v")
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::TableNextColumn();
}

std::string GroupDigits(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string ShortCount(uint64_t n) {
  static constexpr struct {
    double scale;
    const char* suffix;
  } kSteps[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}};
  const double v = static_cast<double>(n);
  for (const auto& st : kSteps) {
    if (v >= st.scale) {
      const double x = v / st.scale;
      char buf[32];
      std::snprintf(buf, sizeof buf,
                    x >= 100  ? "%.0f%s"
                    : x >= 10 ? "%.1f%s"
                              : "%.2f%s",
                    x, st.suffix);
      return buf;
    }
  }
  return std::to_string(n);
}

std::vector<float> StackedBarEdges(const std::vector<uint64_t>& values, float x0, float width) {
  // Shares are computed in long double so 2^60-byte values keep their proportions.
  long double sum = 0;
  for (uint64_t v : values) sum += static_cast<long double>(v);
  std::vector<float> edges;
  edges.reserve(values.size() + 1);
  edges.push_back(x0);
  long double acc = 0;
  for (uint64_t v : values) {
    acc += static_cast<long double>(v);
    const long double share = sum > 0 ? acc / sum : 0;
    edges.push_back(x0 + static_cast<float>(share * static_cast<long double>(width)));
  }
  return edges;
}

void SectionTitle(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(CurrentPalette().section_title));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void Heading(const char* text) {
  ImFont* f = HeadingFont();
  if (f != nullptr) ImGui::PushFont(f);
  ImGui::TextUnformatted(text);
  if (f != nullptr) ImGui::PopFont();
}

}  // namespace vramcalc::ui
