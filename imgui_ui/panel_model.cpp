// Model panel: pick a built-in preset (searchable, with parameter counts and
// repositories), open or drop model files, return to the last loaded ones, or type
// a bare parameter count; below, what the estimator knows about the model
// (architecture, checkpoint read from headers, adapter) and the parser's notes.
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "keyboard_nav.h"
#include "panels.h"
#include "presets.h"
#include "report.h"
#include "ui_locale.h"
#include "verdict.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// The loaded model's name in the picker: the Hub repository it came from, or its files.
std::string LoadedLabel(const UiState& s) {
  return s.loaded_hub.empty() ? Tr("File: ") + s.loaded_name : Tr("Hub: ") + s.loaded_hub;
}

// What the combo shows for the current choice.
std::string CurrentLabel(const UiState& s) {
  switch (s.choice) {
    case ModelChoice::kPreset:
      if (const Preset* p = find_preset(s.preset_id)) return p->name;
      return s.preset_id;
    case ModelChoice::kLoadedFile:
      return LoadedLabel(s);
    case ModelChoice::kParamCount:
      return Tr("Count: ") + s.count_text + Tr(" parameters");
  }
  return s.model.name;
}

// One row of the picker's list: name, parameters, Hugging Face repository.
bool PresetRow(UiState& s, const Preset& p, bool selected) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  const bool clicked = ImGui::Selectable(p.name, selected, ImGuiSelectableFlags_SpanAllColumns);
  ItemTooltip(std::string(p.id) + "\nSource: " + p.source +
              (p.published_params > 0 ? std::string("\nPublished count: ") + p.published_source
                                      : std::string()));
  if (selected && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
  ImGui::TableNextColumn();
  const uint64_t n = PresetParams(s, p);
  ImGui::TextDisabled("%s", n > 0 ? ShortCount(n).c_str() : "-");
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", p.repo);
  return clicked;
}

// The list inside the picker: a search box (core's search_presets) over a table.
void ShowPresetList(UiState& s) {
  CloseOnEscape();
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool edited = ImGui::InputTextWithHint(
      "##search", Tr("Search: name, family or repository (e.g. qwen 7b)"), &s.preset_query);
  // Enter in the search field picks the first match (the only one, often).
  const bool enter =
      ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
  const std::vector<const Preset*> found = search_presets(s.preset_query);
  if (enter && !found.empty()) {
    SelectPreset(s, found.front()->id);
    ImGui::CloseCurrentPopup();
  }
  const float list_h = ImGui::GetTextLineHeightWithSpacing() * 14.0f;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH;
  if (ImGui::BeginTable("presets", 3, flags, ImVec2(0, list_h))) {
    if (edited) ImGui::SetScrollY(0.0f);  // a new list starts at its top
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(Tr("Model"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(Tr("Params"));
    ImGui::TableSetupColumn(Tr("Repository"));
    ImGui::TableHeadersRow();
    for (const Preset* p : found) {
      const bool selected = s.choice == ModelChoice::kPreset && s.preset_id == p->id;
      if (PresetRow(s, *p, selected) && !selected) {
        SelectPreset(s, p->id);
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::EndTable();
  }
  if (found.empty())
    ImGui::TextDisabled("%s'%s'", Tr("No preset matches "), s.preset_query.c_str());
  if (s.has_loaded_file) {
    ImGui::Separator();
    const std::string label = LoadedLabel(s);
    const bool selected = s.choice == ModelChoice::kLoadedFile;
    if (ImGui::Selectable(label.c_str(), selected) && !selected) {
      UseLoadedFile(s);
      ImGui::CloseCurrentPopup();
    }
  }
}

// "label [field.......] [button]": the label, then the next item's width set to
// leave room for a button of that text on the same line.
void LabelAndFieldBeside(const char* label, const char* button) {
  NameNextItems(label);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(Tr(label));
  ImGui::SameLine();
  const float button_w = ImGui::CalcTextSize(Tr(button)).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_w -
                          ImGui::GetStyle().ItemSpacing.x);
}

// A Hugging Face id or URL; the page fetches its config and checkpoint headers
// only when Fetch is clicked (or Enter pressed), never by itself.
void ShowHubField(UiState& s) {
  LabelAndFieldBeside("Hub", "Fetch");
  const bool entered = ImGui::InputTextWithHint("##hub", Tr("org/model or huggingface.co URL"),
                                                &s.hub_text, ImGuiInputTextFlags_EnterReturnsTrue);
  ItemTooltip(
      "A Hugging Face model id (meta-llama/Llama-3.1-8B) or address (a repository, or one "
      ".gguf file of it). Fetch reads its config.json and the checkpoint's headers from "
      "huggingface.co; nothing is fetched until you click, and no token is sent (public "
      "models only).");
  ImGui::SameLine();
  const bool busy = !s.hub_status.empty();
  ImGui::BeginDisabled(busy);
  if ((ImGui::Button(Tr("Fetch")) || entered) && !busy) s.page_request = "hub:" + s.hub_text;
  ImGui::EndDisabled();
  if (busy) ImGui::TextDisabled("%s", s.hub_status.c_str());
}

void ShowPicker(UiState& s) {
  const std::string preview = CurrentLabel(s);
  ImGui::SetNextItemWidth(-FLT_MIN);
  // Wider than the column: the list shows three columns.
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 36.0f, 0),
                                      ImVec2(FLT_MAX, FLT_MAX));
  NameNextItems("Model");  // the picker and its search field
  if (ImGui::BeginCombo("##model", preview.c_str(), ImGuiComboFlags_HeightLargest)) {
    ShowPresetList(s);
    ImGui::EndCombo();
  }

  if (ImGui::Button(Tr("Open files..."))) s.open_file_requested = true;
  ItemTooltip(
      "config.json, *.safetensors (header only), *.gguf (header only), "
      "model.safetensors.index.json with its shards, adapter_config.json with its base "
      "config.json. Pick several to combine them.");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", Tr("or drop them on the page"));

  // A bare count gives weights, gradients and optimizer states only.
  LabelAndFieldBeside("Parameters", "Use");
  const bool entered = ImGui::InputTextWithHint("##count", Tr("e.g. 7b, 560m, 8e9"), &s.count_text,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  ItemTooltip("A bare parameter count: 7b, 560m, 8e9, 1.5B");
  ImGui::SameLine();
  if (ImGui::Button(Tr("Use")) || entered) UseParamCount(s, s.count_text);
  ShowHubField(s);
}

// A read-only row: plain text lines, tighter than the form rows of the knobs.
void SpecRow(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", Tr(label));
  ImGui::TableNextColumn();
  ImGui::PushTextWrapPos(0.0f);  // a narrow column wraps rather than clips
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
}

bool BeginSpecTable() {
  if (!ImGui::BeginTable("spec", 2, ImGuiTableFlags_SizingStretchProp)) return false;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize(Tr("Checkpointing")).x);  // aligned with the knobs
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

// A value that may be long (dtype lists, adapter targets): wrapped in its cell.
void WrappedSpecRow(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", Tr(label));
  ImGui::TableNextColumn();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
}

// core's "BF16: 291 tensors, 6,000 params, F32: 65 tensors, 300 params" with
// each type's count on a line of its own (ImGui would wrap inside the numbers,
// at their commas).
std::string OneTypePerLine(std::string dtypes) {
  const auto replace_all = [&dtypes](const std::string& from, const std::string& to) {
    for (size_t at = dtypes.find(from); at != std::string::npos; at = dtypes.find(from, at)) {
      dtypes.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replace_all("params, ", "params\n");
  replace_all("tensors, ", "tensors,\n  ");
  return dtypes;
}

// What file headers and an adapter added to the architecture.
void ShowFileRows(const UiState& s) {
  const ModelSpec& m = s.model;
  if (m.checkpoint.present) {
    const CheckpointSummary& c = m.checkpoint;
    WrappedSpecRow("Checkpoint", TrFill("%s, %s tensors", {c.format, GroupDigits(c.tensors)}));
    WrappedSpecRow(
        "Stored", TrFill("%s (%s values)", {format_bytes(c.bytes, s.units), ShortCount(c.params)}));
    WrappedSpecRow("Stored types", OneTypePerLine(c.dtypes));
  }
  if (m.adapter.present) {
    WrappedSpecRow("Adapter", m.adapter.description);
    WrappedSpecRow("Trainable", GroupDigits(m.adapter.trainable_params));
  }
}

void ShowSummary(const UiState& s) {
  const ModelSpec& m = s.model;
  if (m.kind == ModelKind::kParamsOnly) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "%s", Tr("Only a parameter count is known: KV cache, activations and logits need the "
                 "architecture (drop a config.json)."));
    ImGui::PopTextWrapPos();
    if ((m.checkpoint.present || m.adapter.present) && BeginSpecTable()) {
      ShowFileRows(s);
      ImGui::EndTable();
    }
    return;
  }
  if (!BeginSpecTable()) return;
  SpecRow("Architecture",
          m.kind == ModelKind::kEncoder ? TrFill("%s (encoder)", {m.model_type}) : m.model_type);
  SpecRow("Layers", std::to_string(m.num_layers));
  SpecRow("Hidden size", GroupDigits(m.hidden_size));
  SpecRow("Heads", TrFill("%s query, %s KV, %s wide",
                          {std::to_string(m.num_heads), std::to_string(m.num_kv_heads),
                           std::to_string(m.head_dim)}));
  const std::string mlp = GroupDigits(m.intermediate_size);
  SpecRow("MLP width", m.gated_mlp ? TrFill("%s (gated)", {mlp}) : mlp);
  if (m.moe.num_experts > 0) {
    SpecRow("Experts",
            TrFill("%s of %s per token, %s layers",
                   {std::to_string(m.moe.experts_per_token), std::to_string(m.moe.num_experts),
                    std::to_string(m.moe.moe_layers)}));
  }
  const std::string vocab = GroupDigits(m.vocab_size);
  SpecRow("Vocabulary", m.tied_embeddings ? TrFill("%s (tied)", {vocab}) : vocab);
  if (m.max_position_embeddings > 0) SpecRow("Context", GroupDigits(m.max_position_embeddings));
  if (m.sliding_window > 0) {
    SpecRow("Window", TrFill("%s tokens, %s layers", {GroupDigits(m.sliding_window),
                                                      std::to_string(m.sliding_window_layers)}));
  }
  ShowFileRows(s);
  ImGui::EndTable();
}

}  // namespace

void ShowModelPanel(UiState& s) {
  SectionTitle(Tr("MODEL"));
  ShowPicker(s);
  ImGui::Spacing();
  ShowSummary(s);
}

// What the parser assumed or ignored (core's ModelSpec::notes).
void ShowModelNotes(const UiState& s) {
  // Notes that change the answer sit beside the verdict (while there is one).
  std::vector<const std::string*> notes;
  for (const std::string& n : s.model.notes) {
    if (!s.verdict || !note_changes_answer(n)) notes.push_back(&n);
  }
  if (notes.empty()) return;
  ImGui::Spacing();
  SectionTitle(Tr("MODEL NOTES"));
  for (const std::string* n : notes) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", n->c_str());
  }
}

}  // namespace vramcalc::ui
