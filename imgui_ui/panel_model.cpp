// Model panel: pick a built-in preset, return to the last dropped config.json, or
// type a bare parameter count; below, what the estimator knows about the model.
#include <string>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "panels.h"
#include "presets.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// What the combo shows for the current choice.
std::string CurrentLabel(const UiState& s) {
  switch (s.choice) {
    case ModelChoice::kPreset:
      if (const Preset* p = find_preset(s.preset_id)) return p->name;
      return s.preset_id;
    case ModelChoice::kLoadedFile:
      return "File: " + s.loaded_name;
    case ModelChoice::kParamCount:
      return "Count: " + s.count_text + " parameters";
  }
  return s.model.name;
}

void ShowPicker(UiState& s) {
  const std::string preview = CurrentLabel(s);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##model", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const Preset& p : all_presets()) {
      const bool selected = s.choice == ModelChoice::kPreset && s.preset_id == p.id;
      if (ImGui::Selectable(p.name, selected) && !selected) SelectPreset(s, p.id);
      ItemTooltip(std::string(p.id) + "\nSource: " + p.source);
      if (selected) ImGui::SetItemDefaultFocus();
    }
    if (s.has_loaded_file) {
      ImGui::Separator();
      const std::string label = "File: " + s.loaded_name;
      const bool selected = s.choice == ModelChoice::kLoadedFile;
      if (ImGui::Selectable(label.c_str(), selected) && !selected) UseLoadedFile(s);
    }
    ImGui::EndCombo();
  }

  if (ImGui::Button("Open config.json...")) s.open_file_requested = true;
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("or drop it on the page");

  // A bare count gives weights, gradients and optimizer states only.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Parameters");
  ImGui::SameLine();
  const float button_w = ImGui::CalcTextSize("Use").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_w -
                          ImGui::GetStyle().ItemSpacing.x);
  const bool entered =
      ImGui::InputText("##count", &s.count_text, ImGuiInputTextFlags_EnterReturnsTrue);
  ItemTooltip("A bare parameter count: 7b, 560m, 8e9, 1.5B");
  ImGui::SameLine();
  if (ImGui::Button("Use") || entered) UseParamCount(s, s.count_text);
}

// A read-only row: plain text lines, tighter than the form rows of the knobs.
void SpecRow(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
}

void ShowSummary(const UiState& s) {
  const ModelSpec& m = s.model;
  if (m.kind == ModelKind::kParamsOnly) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "Only a parameter count is known: KV cache, activations and logits need the "
        "architecture (drop a config.json).");
    ImGui::PopTextWrapPos();
    return;
  }
  if (!ImGui::BeginTable("spec", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("Checkpointing").x);  // aligned with the knobs
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  SpecRow("Architecture", m.model_type + (m.kind == ModelKind::kEncoder ? " (encoder)" : ""));
  SpecRow("Layers", std::to_string(m.num_layers));
  SpecRow("Hidden size", GroupDigits(m.hidden_size));
  SpecRow("Heads", std::to_string(m.num_heads) + " query, " + std::to_string(m.num_kv_heads) +
                       " KV, " + std::to_string(m.head_dim) + " wide");
  SpecRow("MLP width", GroupDigits(m.intermediate_size) + (m.gated_mlp ? " (gated)" : ""));
  SpecRow("Vocabulary", GroupDigits(m.vocab_size) + (m.tied_embeddings ? " (tied)" : ""));
  if (m.max_position_embeddings > 0) SpecRow("Context", GroupDigits(m.max_position_embeddings));
  ImGui::EndTable();
}

}  // namespace

void ShowModelPanel(UiState& s) {
  SectionTitle("MODEL");
  ShowPicker(s);
  ImGui::Spacing();
  ShowSummary(s);
}

}  // namespace vramcalc::ui
