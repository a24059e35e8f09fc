// Knobs panel: every option of core's all_options() table that applies to the
// workload (KnobShown, knob_text.h: core's option_applies()), grouped as core groups
// them. The table gives each knob's kind, label and help line (its tooltip);
// knob_text.cpp adds choice labels; this file picks a widget per kind. Every change is sent as an
// option string through SetOption() -> core's apply_option(), the spellings the CLI and the JS API
// accept, so the UI cannot set a value core would reject without showing core's
// error. Current values come from UiState::option_values (core's workload_json).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "keyboard_nav.h"
#include "knob_text.h"
#include "panels.h"
#include "report.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

uint64_t Steps(std::string_view key) {
  if (key == "seq") return 256;
  if (key == "lora-rank") return 8;
  if (key == "max-num-seqs" || key == "block-size") return 16;
  if (key == "max-num-batched-tokens") return 512;
  if (key == "ubatch") return 128;
  return 1;
}

void ComboKnob(UiState& s, const OptionInfo& o, const std::vector<Choice>& choices) {
  std::string picked;
  if (OptionCombo("##v", choices, OptionValue(s, o.key), &picked)) SetKnob(s, o.key, picked);
}

void CountKnob(UiState& s, const OptionInfo& o) {
  const uint64_t value = std::strtoull(OptionValue(s, o.key).c_str(), nullptr, 10);
  uint64_t v = 0;
  if (CountInput("##v", value, Steps(o.key), &v)) SetKnob(s, o.key, std::to_string(v));
}

// -ngl: "All" (every block and the output layer) or a count of blocks.
void GpuLayersKnob(UiState& s, const OptionInfo& o) {
  const std::string text = OptionValue(s, o.key);
  const uint64_t layers = s.model.num_layers;
  const uint64_t value = text.empty() ? UINT64_MAX : std::strtoull(text.c_str(), nullptr, 10);
  bool all = value > layers;
  if (ImGui::Checkbox(Tr("All"), &all)) {
    SetKnob(s, o.key, all ? std::to_string(1u << 14) : std::to_string(layers));
    return;
  }
  ItemTooltip("Every block and the output layer on the GPU (-ngl 99)");
  if (all) return;
  ImGui::SameLine();
  uint64_t v = 0;
  if (CountInput("##v", value, 1, &v)) SetKnob(s, o.key, std::to_string(v));
}

void FractionKnob(UiState& s, const OptionInfo& o) {
  float f = static_cast<float>(std::strtod(OptionValue(s, o.key).c_str(), nullptr));
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::SliderFloat("##v", &f, 0.05f, 1.0f, "%.2f")) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(f));
    SetKnob(s, o.key, buf);
  }
}

void Knob(UiState& s, const OptionInfo& o) {
  FormLabel(Tr(o.label));
  ItemTooltip(Tr(KnobHelp(o)));
  ImGui::PushID(o.key);
  const std::string_view key = o.key;
  if (key == "mode") {
    const std::string now = OptionValue(s, o.key);
    const std::vector<Choice> choices = KnobChoices(s, o);
    for (size_t i = 0; i < choices.size(); ++i) {
      const Choice& c = choices[i];
      if (i > 0) ImGui::SameLine();
      if (ImGui::RadioButton(c.label.c_str(), now == c.id) && now != c.id) {
        SetKnob(s, o.key, c.id);
      }
      ItemTooltip(c.tooltip);
    }
  } else if (key == "gpu") {
    ShowGpuPicker(s);
  } else if (key == "zero" || key == "overhead-bytes") {  // counts offered as a list
    ComboKnob(s, o, KnobChoices(s, o));
  } else if (key == "gpu-memory-bytes") {
    ShowGpuMemoryField(s, o.key);
  } else if (key == "gpu-layers") {
    GpuLayersKnob(s, o);
  } else {
    switch (o.kind) {
      case OptionKind::kChoice:
        ComboKnob(s, o, KnobChoices(s, o));
        break;
      case OptionKind::kCount:
      case OptionKind::kBytes:
        CountKnob(s, o);
        break;
      case OptionKind::kFraction:
        FractionKnob(s, o);
        break;
      case OptionKind::kFlag: {
        bool on = OptionValue(s, o.key) == "true";
        if (ImGui::Checkbox("##v", &on)) SetKnob(s, o.key, on ? "true" : "false");
        break;
      }
    }
    ItemTooltip(KnobHelp(o));  // on the widget too, not only its label
  }
  ImGui::PopID();
}

float LabelColumnWidth(const std::vector<const OptionInfo*>& knobs) {
  float w = 0;
  for (const OptionInfo* o : knobs) w = std::max(w, ImGui::CalcTextSize(Tr(o->label)).x);
  return w;
}

// One label/widget row per knob; the label column as wide as `label_w`, so the
// widgets get the rest of a narrow column. `width` 0: the whole column.
void KnobTable(UiState& s, const char* id, const std::vector<const OptionInfo*>& knobs,
               float label_w, float width) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp, ImVec2(width, 0))) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_w);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  for (const OptionInfo* o : knobs) Knob(s, *o);
  ImGui::EndTable();
  NameNextItems("");  // what follows names itself
}

void ShowGroup(UiState& s, const KnobGroup& g, float label_w) {
  std::vector<const OptionInfo*> knobs;
  for (const OptionInfo& o : all_options()) {
    if (std::string_view(o.group) == g.id && KnobShown(s, o)) knobs.push_back(&o);
  }
  if (knobs.empty()) return;
  ImGui::Spacing();
  SectionTitle(Tr(g.title));
  KnobTable(s, g.id, knobs, label_w, 0.0f);
}

}  // namespace

void ShowKnobsPanel(UiState& s) {
  // Every group's labels line up: the longest label of the whole table.
  std::vector<const OptionInfo*> all;
  for (const OptionInfo& o : all_options()) all.push_back(&o);
  const float label_w = LabelColumnWidth(all);
  for (const KnobGroup& g : KnobGroups()) ShowGroup(s, g, label_w);
}

void ShowNamedKnobs(UiState& s, const std::vector<std::string>& keys, float width) {
  std::vector<const OptionInfo*> knobs;
  for (const std::string& key : keys) {
    for (const OptionInfo& o : all_options()) {
      if (key == o.key && KnobShown(s, o)) knobs.push_back(&o);
    }
  }
  if (knobs.empty()) return;
  KnobTable(s, "named_knobs", knobs, LabelColumnWidth(knobs),
            std::min(width, ImGui::GetContentRegionAvail().x));
}

}  // namespace vramcalc::ui
