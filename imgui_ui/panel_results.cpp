// Results panel, below the verdict (panel_verdict.cpp): what core's estimate()
// returned: the total per GPU, a stacked bar, the breakdown table (bytes, share,
// and under each row the formula with the numbers filled in and the rule it
// follows), what the serving runtime decided (vLLM's KV blocks, llama.cpp's
// offload), the plot over sequence length and batch, the parameter breakdown and
// core's notes. Only display work happens here: bytes are formatted by core's
// format_bytes().
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "imgui.h"
#include "keyboard_nav.h"
#include "panels.h"
#include "quant_storage.h"
#include "report.h"
#include "theme.h"
#include "ui_locale.h"
#include "verdict.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

void ShowTotals(const UiState& s) {
  ImGui::TextDisabled("%s  |  %s", s.model.name.c_str(), ModeDetails(s).c_str());
  ShowTotalLine(s);
}

// Components worth a row: anything with bytes, and unknowns (so the user sees
// what a bare parameter count cannot tell).
std::vector<const ComponentEstimate*> Rows(const Estimate& e) {
  std::vector<const ComponentEstimate*> rows;
  for (const ComponentEstimate& c : e.components) {
    if (c.bytes > 0 || !c.known) rows.push_back(&c);
  }
  return rows;
}

void RowTooltip(const ComponentEstimate& c, Units units) {
  std::string text = std::string(display_name(c.id)) + ": " + format_bytes(c.bytes, units) + " (" +
                     GroupDigits(c.bytes) + " bytes)";
  if (!c.formula.empty()) text += "\n" + c.formula;
  if (!c.assumption.empty()) text += "\n" + c.assumption;
  ItemTooltip(text);
}

void ShowBar(const UiState& s, const Estimate& e) {
  const std::vector<const ComponentEstimate*> rows = Rows(e);
  std::vector<uint64_t> values;
  for (const ComponentEstimate* c : rows) values.push_back(c->bytes);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFrameHeight();
  const std::vector<float> edges = StackedBarEdges(values, p0.x, width);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg),
                    4.0f);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (edges[i + 1] - edges[i] < 0.5f) continue;  // invisible: skip the draw call
    const ImVec2 a(edges[i], p0.y);
    const ImVec2 b(edges[i + 1], p0.y + height);
    dl->AddRectFilled(a, b, ComponentColor(static_cast<int>(rows[i]->id)));
    // Hovering a segment names it, like hovering its table row.
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(static_cast<int>(i));
    ImGui::InvisibleButton("seg", ImVec2(b.x - a.x, height));
    ExcludeFromTabOrder(ImGui::GetID("seg"));  // hover only: the table says the same
    ImGui::PopID();
    RowTooltip(*rows[i], s.units);
  }
  ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + height + ImGui::GetStyle().ItemSpacing.y));
  ImGui::Dummy(ImVec2(width, 0));
}

void Swatch(int component) {
  const float size = ImGui::GetTextLineHeight() * 0.75f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float pad = (ImGui::GetTextLineHeight() - size) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + pad),
                                            ImVec2(p.x + size, p.y + pad + size),
                                            ComponentColor(component), 2.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
}

void ShowTable(const UiState& s, const Estimate& e) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("breakdown", 5, flags)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(Tr("Component"));
  ImGui::TableSetupColumn(Tr("Memory"));
  ImGui::TableSetupColumn(Tr("Share"));
  ImGui::TableSetupColumn(Tr("Formula and assumption"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const ComponentEstimate* c : Rows(e)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    Swatch(static_cast<int>(c->id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Tr(display_name(c->id)));
    RowTooltip(*c, s.units);
    ImGui::TableNextColumn();
    if (c->known) {
      ImGui::TextUnformatted(format_bytes(c->bytes, s.units).c_str());
      RowTooltip(*c, s.units);
    } else {
      ImGui::TextDisabled("%s", Tr("unknown"));
      ItemTooltip(Tr("Needs the model's architecture: drop its config.json"));
    }
    ImGui::TableNextColumn();
    if (c->known && e.per_gpu_bytes > 0) {
      // A display percentage, not memory arithmetic: core already gave the bytes.
      const double share =
          100.0 * static_cast<double>(c->bytes) / static_cast<double>(e.per_gpu_bytes);
      ImGui::Text("%5.1f%%", share);
    } else {
      ImGui::TextDisabled("-");
    }
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(c->formula.c_str());
    RowTooltip(*c, s.units);
    // The rule the number follows, always visible (not only in the tooltip).
    if (!c->assumption.empty()) ImGui::TextDisabled("%s", c->assumption.c_str());
    ImGui::PopTextWrapPos();
  }
  // Total row.
  ImGui::TableNextRow(ImGuiTableRowFlags_None);
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(Tr("Total per GPU"));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_bytes(e.per_gpu_bytes, s.units).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("100.0%");
  ImGui::TableNextColumn();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(Tr("%s bytes"), GroupDigits(e.per_gpu_bytes).c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTable();
}

// What a serving runtime decided beyond the components (core's RuntimeDetails).
void ShowRuntime(const UiState& s, const Estimate& e) {
  const RuntimeDetails& r = e.runtime;
  const Runtime rt = s.shown_workload.runtime;
  if (rt != Runtime::kVLLM && rt != Runtime::kLlamaCpp && rt != Runtime::kOllama) return;
  SectionTitle(Tr(rt == Runtime::kVLLM     ? "VLLM ENGINE"
                  : rt == Runtime::kOllama ? "OLLAMA"
                                           : "LLAMA.CPP"));
  if (!ImGui::BeginTable("runtime", 4, ImGuiTableFlags_SizingStretchSame)) return;
  struct Cell {
    const char* label;
    std::string value;
    const char* tip;
  };
  std::vector<Cell> cells;
  if (rt == Runtime::kVLLM) {
    if (r.budget_bytes == 0) {
      cells.push_back(
          {"Budget", Tr("pick a GPU"), "vLLM sizes its KV cache from the GPU's memory"});
    } else {
      cells.push_back({"Budget", format_bytes(r.budget_bytes, s.units),
                       "gpu_memory_utilization x the GPU's memory"});
      cells.push_back({"KV blocks", GroupDigits(r.kv_blocks), "blocks that fit in the budget"});
      cells.push_back({"KV tokens", GroupDigits(r.kv_tokens), "tokens those blocks hold"});
      cells.push_back({"Concurrent seqs", GroupDigits(r.max_concurrent_seqs),
                       "sequences of this length served at once"});
    }
  } else if (rt == Runtime::kOllama) {
    cells.push_back({"Layers offloaded",
                     TrFill("%s of %s", {GroupDigits(r.ollama.layers_offload),
                                         GroupDigits(r.ollama.layers_model)}),
                     "Ollama's layers.offload (blocks + output layer)"});
    cells.push_back({"num_ctx", GroupDigits(r.ollama.num_ctx), "per request (by VRAM tier)"});
    cells.push_back({"Required (full)", format_bytes(r.ollama.required_full, s.units),
                     "memory.required.full: every layer on the GPU"});
  } else {
    // As set, not what fits: the verdict above says how many layers fit.
    cells.push_back(
        {"Layers set (-ngl)",
         TrFill("%s of %s", {GroupDigits(r.gpu_layers), GroupDigits(s.model.num_layers)}),
         "blocks offloaded with -ngl as set; the verdict says how many fit"});
    cells.push_back({"Host RAM", format_bytes(r.host_bytes, s.units),
                     "weights and KV cache left in host memory (token embeddings always)"});
  }
  ImGui::TableNextRow();
  for (const Cell& c : cells) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", Tr(c.label));
    ItemTooltip(c.tip);
    ImGui::TextUnformatted(c.value.c_str());
  }
  ImGui::EndTable();
}

void ShowParams(const UiState& s, const Estimate& e) {
  SectionTitle(Tr("PARAMETERS"));
  if (ImGui::BeginTable("params", 3, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    const struct {
      const char* label;
      uint64_t value;
    } cells[] = {{"Total", e.params.total},
                 {"Trainable", e.params.trainable},
                 {"Active per token", e.params.active}};
    for (const auto& c : cells) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", Tr(c.label));
      ImGui::TextUnformatted(GroupDigits(c.value).c_str());
    }
    ImGui::EndTable();
  }

  // Where the parameters are (core's count_params), for an architecture.
  const ParamBreakdown& p = s.params;
  if (s.model.kind == ModelKind::kParamsOnly) return;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("param_breakdown", 3, flags)) return;
  ImGui::TableSetupColumn(Tr("Part"));
  ImGui::TableSetupColumn(Tr("Parameters"));
  ImGui::TableSetupColumn(Tr("Share"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const struct {
    const char* label;
    uint64_t value;
    const char* tip;
  } rows[] = {
      {"Embedding", p.embedding, "token (+ position, token-type) embeddings and their norm"},
      {"Attention", p.attention,
       "Q, K, V, O matrices and biases (latent attention, indexer), all layers"},
      {"Recurrent", p.recurrent,
       "Mamba and Gated DeltaNet layers: projections, conv, state parameters"},
      {"MLP", p.mlp, "dense MLPs, shared experts and routers, all layers"},
      {"Experts", p.experts, "routed MoE experts, all layers"},
      {"Norms", p.norms, "per-layer norms and the final norm"},
      {"LM head", p.head, "untied output head (0 when tied to the embedding)"},
      {"Other", p.other, "pooler and other extras"},
      {"Vision tower", p.towers, "vision / audio encoders and projectors (from vision_config)"},
      {"MTP layers", p.mtp, "multi-token-prediction layers: stored, loaded only to draft tokens"},
  };
  for (const auto& r : rows) {
    if (r.value == 0) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Tr(r.label));
    ItemTooltip(r.tip);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(GroupDigits(r.value).c_str());
    ImGui::TableNextColumn();
    if (p.total > 0) {
      ImGui::Text("%5.1f%%", 100.0 * static_cast<double>(r.value) / static_cast<double>(p.total));
    }
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(Tr("Total"));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(GroupDigits(p.total).c_str());
  ImGui::TableNextColumn();
  if (p.active != p.total) {
    // Vendors quote active parameters with or without the input embeddings.
    ImGui::TextDisabled(Tr("%s active per token (%s without embeddings)"),
                        GroupDigits(p.active).c_str(), GroupDigits(p.active_no_embedding).c_str());
  }
  const uint64_t stored = stored_params(s.model, s.params);  // no recount per frame
  if (stored != p.total) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Tr("Stored"));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(GroupDigits(stored).c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    const CheckpointSummary& c = s.model.checkpoint;
    ImGui::TextDisabled("%s", c.present ? (c.format + ": " + c.dtypes).c_str()
                                        : s.model.stored_extra_reason.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

void ShowNotes(const UiState& s, const Estimate& e) {
  // The parser's notes are in the model panel; show the estimate's own.
  std::vector<const std::string*> notes;
  // Notes that change the answer are beside the verdict instead.
  for (const std::string& n : e.notes) {
    if (note_changes_answer(n)) continue;
    if (std::find(s.model.notes.begin(), s.model.notes.end(), n) == s.model.notes.end()) {
      notes.push_back(&n);
    }
  }
  if (notes.empty()) return;
  SectionTitle(Tr("NOTES"));
  // Bullet() + TextWrapped(): BulletText() would not wrap long notes.
  for (const std::string* n : notes) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", n->c_str());
  }
}

}  // namespace

void ShowErrorBanner(UiState& s) {
  if (s.error.empty()) return;
  // A new error scrolls its column to it: the banner sits above the (last good)
  // results, which may be scrolled far down when a knob is changed.
  ImGuiStorage* seen = ImGui::GetStateStorage();
  const ImGuiID key = ImGui::GetID("shown-error");
  const int now = static_cast<int>(std::hash<std::string>{}(s.error));
  if (seen->GetInt(key, 0) != now) {
    seen->SetInt(key, now);
    ImGui::SetScrollY(0.0f);
  }
  ImGui::PushStyleColor(ImGuiCol_ChildBg, Colour(CurrentPalette().error_bg));
  ImGui::PushStyleColor(ImGuiCol_Border, Colour(CurrentPalette().error_border));
  // A child window cannot size itself to its content in ImGui 1.86: measure the
  // wrapped message to fit the banner around it.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float wrap_w = ImGui::GetContentRegionAvail().x - st.WindowPadding.x * 2;
  float text_h = ImGui::CalcTextSize(s.error.c_str(), nullptr, false, wrap_w).y;
  if (s.results_stale) {
    text_h += st.ItemSpacing.y + ImGui::CalcTextSize(Tr(kStaleNote), nullptr, false, wrap_w).y;
  }
  const float h = text_h + st.ItemSpacing.y + ImGui::GetFrameHeight() + st.WindowPadding.y * 2;
  ImGui::BeginChild("error", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s.error.c_str());
  if (s.results_stale) ImGui::TextDisabled("%s", Tr(kStaleNote));
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton(Tr("Dismiss"))) ClearError(s);
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
  ImGui::Spacing();
}

std::string ModeDetails(const UiState& s) {
  const Workload& w = s.shown_workload;
  std::string line = std::string(Tr(to_string(w.mode))) + "  |  " + Tr("batch ") +
                     std::to_string(w.batch) + " x " + std::to_string(w.seq) + Tr(" tokens");
  if (w.mode == Mode::kTraining) line += "  |  " + std::string(Tr(to_string(w.method)));
  if (w.textbook) line += std::string("  |  ") + Tr("textbook");
  return line;
}

void ShowTotalLine(const UiState& s) {
  if (!s.estimate) return;
  const Estimate& e = *s.estimate;
  Heading(format_bytes(e.per_gpu_bytes, s.units).c_str());
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const uint64_t gpus = s.shown_hardware.gpus;
  ImGui::TextUnformatted(Tr(gpus > 1 ? "per GPU" : "on the GPU"));
  if (gpus > 1) {
    ImGui::SameLine();
    ImGui::TextDisabled(Tr("(%s over %llu GPUs)"), format_bytes(e.total_bytes, s.units).c_str(),
                        static_cast<unsigned long long>(gpus));
  }
}

void ShowBreakdownBar(const UiState& s) {
  if (s.estimate) ShowBar(s, *s.estimate);
}

// The bar's key in one wrapping line: swatch, component, bytes (embed view).
void ShowBarLegend(const UiState& s) {
  if (!s.estimate) return;
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  bool first = true;
  for (const ComponentEstimate* c : Rows(*s.estimate)) {
    const std::string text = std::string(Tr(display_name(c->id))) + " " +
                             (c->known ? format_bytes(c->bytes, s.units) : Tr("unknown"));
    const float w = ImGui::GetTextLineHeight() + ImGui::CalcTextSize(text.c_str()).x +
                    ImGui::GetStyle().ItemSpacing.x;
    if (!first) {
      ImGui::SameLine(0.0f, ImGui::GetFontSize());
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    first = false;
    ImGui::BeginGroup();
    Swatch(static_cast<int>(c->id));
    ImGui::SameLine();
    ImGui::TextUnformatted(text.c_str());
    ImGui::EndGroup();
    RowTooltip(*c, s.units);
  }
}

void ShowResultsPanel(UiState& s) {
  if (!s.estimate) {
    ImGui::TextDisabled("%s", Tr("No estimate for these inputs."));
    return;
  }
  const Estimate& e = *s.estimate;
  ShowTotals(s);
  ShowShareBar(s);
  ImGui::Spacing();
  ShowBar(s, e);
  ImGui::Spacing();
  ShowTable(s, e);
  ImGui::Spacing();
  ShowRuntime(s, e);
  ImGui::Spacing();
  ShowPlotPanel(s);
  ImGui::Spacing();
  ShowParams(s, e);
  ImGui::Spacing();
  ShowNotes(s, e);
}

}  // namespace vramcalc::ui
