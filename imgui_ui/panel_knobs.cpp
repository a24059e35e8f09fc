// Knobs panel: every option of core's all_options() table, grouped as core groups
// them (workload, training, hardware, vllm, llamacpp), the training group only in
// training mode and the runtime groups only for their runtime. The table gives
// each knob's kind, choices and help line; this file adds display labels and
// picks a widget per kind. Every change is sent as an option string through
// SetOption() -> core's apply_option(), the spellings the CLI and the JS API
// accept, so the UI cannot set a value core would reject without showing core's
// error. Current values come from UiState::option_values (core's workload_json).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dtype.h"
#include "gguf_mix.h"
#include "imgui.h"
#include "panels.h"
#include "report.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// Display text of one choice of an option (core gives only the spelling).
struct ChoiceText {
  const char* key;
  const char* id;
  const char* label;
  const char* tooltip;
};
constexpr ChoiceText kChoiceTexts[] = {
    {"runtime", "generic", "Generic", "Textbook components, no framework specifics"},
    {"runtime", "hf", "Hugging Face", "transformers forward: FP32 logits for every position"},
    {"runtime", "vllm", "vLLM", "PagedAttention KV blocks in gpu_memory_utilization"},
    {"runtime", "llamacpp", "llama.cpp", "GGUF layer offload, F16 KV cache, compute buffer"},
    {"runtime", "ollama", "Ollama", "Ollama's estimate: 457 MiB reserve, graph, layer offload"},
    {"precision", "mixed", "Mixed BF16/FP32", "16-bit compute, FP32 master weights and states"},
    {"precision", "bf16", "Pure BF16", "Weights, gradients and AdamW states all BF16"},
    {"precision", "fp16", "Pure FP16", "Weights, gradients and states all FP16"},
    {"precision", "amp", "AMP autocast", "FP32 parameters, forward under bf16 autocast"},
    {"precision", "fp32", "FP32", "Everything in 32-bit floats"},
    {"precision", "int8", "INT8", "Weights, gradients and states in 8 bits"},
    {"optimizer", "adamw", "AdamW", "Two states per trainable parameter"},
    {"optimizer", "adamw-8bit", "AdamW 8-bit", "bitsandbytes: two 1-byte states"},
    {"optimizer", "paged-adamw", "Paged AdamW", "AdamW with states in paged (evictable) memory"},
    {"optimizer", "paged-adamw-8bit", "Paged AdamW 8-bit", "bitsandbytes 8-bit AdamW, paged"},
    {"optimizer", "lion", "Lion", "One momentum state per trainable parameter"},
    {"offload", "none", "None", "Everything stays on the GPU"},
    {"offload", "optimizer", "Optimizer states", "Optimizer states and master weights in CPU RAM"},
    {"offload", "params", "States + weights", "Parameters offloaded to CPU RAM as well"},
    {"flash-attn", "auto", "Auto", "On, as on a CUDA GPU"},
    {"flash-attn", "on", "On", "Flash attention kernels"},
    {"flash-attn", "off", "Off", "Materialised attention scores"},
    {"optimizer", "sgd", "SGD + momentum", "One state per trainable parameter"},
    {"optimizer", "adafactor", "Adafactor", "Factored second moments"},
    {"optimizer", "none", "None", "No optimizer states"},
    {"method", "full", "Full fine-tuning", "Every parameter is trained"},
    {"method", "lora", "LoRA", "Frozen base, rank-r adapters on every block linear"},
    {"method", "qlora", "QLoRA", "LoRA over an NF4 4-bit base"},
    {"checkpointing", "none", "None", "Store every activation"},
    {"checkpointing", "selective", "Selective", "Recompute attention internals (Megatron)"},
    {"checkpointing", "full", "Full", "Store layer inputs only, recompute the rest"},
    {"attention", "eager", "Eager", "Materialises batch x heads x seq^2 scores"},
    {"attention", "flash", "Flash", "No seq^2 score matrix"},
    {"attention", "sdpa", "SDPA",
     "torch scaled_dot_product_attention (transformers default): no score matrix"},
    {"mode", "inference", "Inference", "Serving: weights, KV cache, activations"},
    {"mode", "training", "Training", "Weights, gradients, optimizer states, activations"},
    {"kv-dtype", "auto", "Same as compute", "Follow the runtime's compute dtype (llama.cpp: F16)"},
    {"zero", "0", "0: none", "Every GPU holds everything"},
    {"zero", "1", "1: optimizer states", "Optimizer states sharded over the GPUs"},
    {"zero", "2", "2: + gradients", "Optimizer states and gradients sharded"},
    {"zero", "3", "3: + weights (FSDP)", "Everything sharded"},
    {"overhead-bytes", "0", "Left out", "Count tensors only"},
    {"overhead-bytes", "500000000", "0.5 GB", "A lean CUDA context"},
    {"overhead-bytes", "1000000000", "1 GB", "A typical CUDA context"},
    {"overhead-bytes", "1343000000", "1.343 GB", "Measured: torch.ones on a GPU (REFERENCE.md)"},
};

// The groups of all_options(), in display order, with their captions.
struct Group {
  const char* id;
  const char* title;
};
constexpr Group kGroups[] = {{"workload", "WORKLOAD"},  {"training", "TRAINING"},
                             {"hardware", "HARDWARE"},  {"vllm", "VLLM ENGINE"},
                             {"llamacpp", "LLAMA.CPP"}, {"ollama", "OLLAMA"}};

std::string Tooltip(const OptionInfo& o) { return std::string(o.help) + " (--" + o.key + ")"; }

std::vector<std::string> Split(std::string_view choices) {
  std::vector<std::string> out;
  while (!choices.empty()) {
    const size_t bar = choices.find('|');
    out.emplace_back(choices.substr(0, bar));
    if (bar == std::string_view::npos) break;
    choices.remove_prefix(bar + 1);
  }
  return out;
}

// Choices of an option: core's spellings with display text (dtypes from core's
// dtype table), in core's order.
std::vector<Choice> ChoicesOf(const UiState& s, const OptionInfo& o) {
  std::vector<Choice> out;
  const std::string_view key = o.key;
  if (key == "weight-dtype" && s.model.checkpoint.present) {
    out.push_back({"checkpoint", Tr("As stored") + (" (" + s.model.checkpoint.format + ")"),
                   "The bytes the checkpoint's tensors take, read from its header"});
  }
  for (const std::string& id : Split(o.choices)) {
    Choice c{id, id, ""};
    bool found = false;
    for (const ChoiceText& t : kChoiceTexts) {
      if (key == t.key && id == t.id) {
        c.label = Tr(t.label);
        c.tooltip = t.tooltip;
        found = true;
      }
    }
    if (!found && (key == "weight-dtype" || key == "kv-dtype")) {
      if (std::optional<DType> d = parse_dtype(id)) {
        c.label = dtype_info(*d).name;
        c.tooltip = dtype_info(*d).note;
      }
    }
    out.push_back(std::move(c));
  }
  // The quant picker: every llama.cpp file type, priced by llama-quantize's
  // per-tensor rules from the model's layers (core/model/gguf_mix.h).
  if (key == "weight-dtype") {
    for (const GgufFileType& ft : gguf_file_types()) {
      std::string id = ft.name;
      for (char& ch : id) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      if (parse_dtype(id)) continue;  // f16, bf16, f32: the dtype choices above
      out.push_back({id, std::string("GGUF ") + ft.name,
                     std::string("llama.cpp file type: the ggml type llama-quantize gives each "
                                 "tensor for ") +
                         ft.name + " (most tensors " + ft.default_type + ")"});
    }
  }
  return out;
}

std::vector<Choice> ZeroChoices() {
  std::vector<Choice> out;
  for (const ChoiceText& t : kChoiceTexts) {
    if (std::string_view(t.key) == "zero") out.push_back({t.id, Tr(t.label), t.tooltip});
  }
  return out;
}

// Overhead presets, plus the current value when it is none of them.
std::vector<Choice> OverheadChoices(const std::string& current, Units units) {
  std::vector<Choice> out;
  bool listed = false;
  for (const ChoiceText& t : kChoiceTexts) {
    if (std::string_view(t.key) != "overhead-bytes") continue;
    out.push_back({t.id, Tr(t.label), t.tooltip});
    listed = listed || current == t.id;
  }
  if (!listed) {
    const uint64_t bytes = std::strtoull(current.c_str(), nullptr, 10);
    out.push_back({current, format_bytes(bytes, units), "Set through the JS API or the URL"});
  }
  return out;
}

uint64_t Steps(std::string_view key) {
  if (key == "seq") return 256;
  if (key == "lora-rank") return 8;
  if (key == "max-num-seqs" || key == "block-size") return 16;
  if (key == "max-num-batched-tokens") return 512;
  if (key == "ubatch") return 128;
  return 1;
}

bool Visible(const UiState& s, const OptionInfo& o) {
  const std::string_view key = o.key;
  const std::string_view group = o.group;
  const Workload& w = s.workload;
  const bool training = w.mode == Mode::kTraining;
  if (group == "training" && !training) return false;
  if (group == "vllm" && w.runtime != Runtime::kVLLM) return false;
  if (group == "llamacpp" && w.runtime != Runtime::kLlamaCpp) return false;
  if (group == "ollama" && w.runtime != Runtime::kOllama) return false;
  if ((key == "weight-dtype" || key == "kv-dtype") && training) return false;
  if (key == "lora-rank" && w.method == Method::kFull) return false;
  if (key == "zero" && !training) return false;
  if (key == "tensor-split") return false;  // a list: the CLI and the link carry it
  // Knobs of one choice only: the importance matrix of a GGUF file type, the
  // generated tokens of transformers' generate().
  if (key == "imatrix" && (w.gguf_file_type.empty() || training)) return false;
  if (key == "generate" && (w.runtime != Runtime::kHF || training)) return false;
  return true;
}

std::string ValueOf(const UiState& s, const char* key) {
  auto it = s.option_values.find(key);
  return it == s.option_values.end() ? std::string() : it->second;
}

void ComboKnob(UiState& s, const OptionInfo& o, const std::vector<Choice>& choices) {
  std::string picked;
  if (OptionCombo("##v", choices, ValueOf(s, o.key), &picked)) SetKnob(s, o.key, picked);
}

void CountKnob(UiState& s, const OptionInfo& o) {
  const uint64_t value = std::strtoull(ValueOf(s, o.key).c_str(), nullptr, 10);
  uint64_t v = 0;
  if (CountInput("##v", value, Steps(o.key), &v)) SetKnob(s, o.key, std::to_string(v));
}

// -ngl: "All" (every block and the output layer) or a count of blocks.
void GpuLayersKnob(UiState& s, const OptionInfo& o) {
  const std::string text = ValueOf(s, o.key);
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
  float f = static_cast<float>(std::strtod(ValueOf(s, o.key).c_str(), nullptr));
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::SliderFloat("##v", &f, 0.05f, 1.0f, "%.2f")) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(f));
    SetKnob(s, o.key, buf);
  }
}

void Knob(UiState& s, const OptionInfo& o) {
  FormLabel(Tr(o.label));
  ItemTooltip(Tooltip(o));
  ImGui::PushID(o.key);
  const std::string_view key = o.key;
  if (key == "mode") {
    const std::string now = ValueOf(s, o.key);
    const std::vector<Choice> choices = ChoicesOf(s, o);
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
  } else if (key == "zero") {
    ComboKnob(s, o, ZeroChoices());
  } else if (key == "overhead-bytes") {
    ComboKnob(s, o, OverheadChoices(ValueOf(s, o.key), s.units));
  } else if (key == "gpu-memory-bytes") {
    ShowGpuMemoryField(s, o.key);
  } else if (key == "gpu-layers") {
    GpuLayersKnob(s, o);
  } else {
    switch (o.kind) {
      case OptionKind::kChoice:
        ComboKnob(s, o, ChoicesOf(s, o));
        break;
      case OptionKind::kCount:
      case OptionKind::kBytes:
        CountKnob(s, o);
        break;
      case OptionKind::kFraction:
        FractionKnob(s, o);
        break;
      case OptionKind::kFlag: {
        bool on = ValueOf(s, o.key) == "true";
        if (ImGui::Checkbox("##v", &on)) SetKnob(s, o.key, on ? "true" : "false");
        ItemTooltip(Tooltip(o));
        break;
      }
    }
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
}

void ShowGroup(UiState& s, const Group& g, float label_w) {
  std::vector<const OptionInfo*> knobs;
  for (const OptionInfo& o : all_options()) {
    if (std::string_view(o.group) == g.id && Visible(s, o)) knobs.push_back(&o);
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
  for (const Group& g : kGroups) ShowGroup(s, g, label_w);
}

void ShowNamedKnobs(UiState& s, const std::vector<std::string>& keys, float width) {
  std::vector<const OptionInfo*> knobs;
  for (const std::string& key : keys) {
    for (const OptionInfo& o : all_options()) {
      if (key == o.key && Visible(s, o)) knobs.push_back(&o);
    }
  }
  if (knobs.empty()) return;
  KnobTable(s, "named_knobs", knobs, LabelColumnWidth(knobs),
            std::min(width, ImGui::GetContentRegionAvail().x));
}

}  // namespace vramcalc::ui
