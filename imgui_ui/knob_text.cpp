// Knob texts (see knob_text.h): the choice labels core does not have (it spells
// choices for the CLI), the rules for which knobs show, and each knob's value in
// words. The knob form (panel_knobs.cpp) and the screen-reader mirror
// (ControlsText, the page's hidden controls list) both read them.
#include "knob_text.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dtype.h"
#include "gguf_mix.h"
#include "gpus.h"
#include "presets.h"
#include "report.h"
#include "ui_locale.h"

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
    {"overhead-bytes", "0", "None", "Tensors only, plus the CUDA context where it is ticked"},
    {"overhead-bytes", "500000000", "0.5 GB", "A lean framework, in place of the CUDA context"},
    {"overhead-bytes", "1000000000", "1 GB", "A typical framework, in place of the CUDA context"},
    {"overhead-bytes", "1343000000", "1.343 GB",
     "Measured: torch.ones on a GPU with every kernel loaded (REFERENCE.md)"},
};

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

// The label of the choice `id` among `choices` (the id itself when none has it).
std::string ChoiceLabel(const std::vector<Choice>& choices, const std::string& id) {
  for (const Choice& c : choices) {
    if (c.id == id) return c.label;
  }
  return id;
}

}  // namespace

std::string OptionValue(const UiState& s, const char* key) {
  auto it = s.option_values.find(key);
  return it == s.option_values.end() ? std::string() : it->second;
}

const std::vector<KnobGroup>& KnobGroups() {
  static const std::vector<KnobGroup> kGroups = {
      {"workload", "WORKLOAD"}, {"training", "TRAINING"},  {"hardware", "HARDWARE"},
      {"vllm", "VLLM ENGINE"},  {"llamacpp", "LLAMA.CPP"}, {"ollama", "OLLAMA"}};
  return kGroups;
}

bool KnobShown(const UiState& s, const OptionInfo& o) {
  // A list of proportions has no widget: the CLI and the link carry it.
  if (std::string_view(o.key) == "tensor-split") return false;
  return option_applies(o.key, s.workload);
}

std::vector<const OptionInfo*> ShownKnobs(const UiState& s) {
  std::vector<const OptionInfo*> out;
  for (const KnobGroup& g : KnobGroups()) {
    for (const OptionInfo& o : all_options()) {
      if (std::string_view(o.group) == g.id && KnobShown(s, o)) out.push_back(&o);
    }
  }
  return out;
}

std::vector<Choice> KnobChoices(const UiState& s, const OptionInfo& o) {
  const std::string_view key = o.key;
  if (key == "zero") return ZeroChoices();
  if (key == "overhead-bytes") return OverheadChoices(OptionValue(s, o.key), s.units);
  return ChoicesOf(s, o);
}

std::string KnobHelp(const OptionInfo& o) {
  std::string text = with_option_labels(o.help);
  // A sentence starts with a capital, unless it starts with a name that keeps its
  // case (hf:, max_num_seqs:, -ngl:): only a plain lower-case word is capitalised.
  const size_t word = text.find_first_not_of("abcdefghijklmnopqrstuvwxyz");
  if (word > 0 && word != std::string::npos && (text[word] == ' ' || text[word] == ',')) {
    text[0] = static_cast<char>(text[0] - 32);
  }
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

std::string KnobValueText(const UiState& s, const OptionInfo& o) {
  const std::string_view key = o.key;
  const std::string value = OptionValue(s, o.key);
  if (key == "gpu") {  // the picker (panel_gpu.cpp) is no choice list: the card's name
    const GpuInfo* g = find_gpu(s.gpu_id);
    return g != nullptr ? std::string(g->name) : std::string(Tr("None"));
  }
  if (key == "gpu-memory-bytes") {
    const double bytes = std::strtod(value.c_str(), nullptr);
    char buf[48];
    std::snprintf(buf, sizeof buf, s.units == Units::kGB ? "%.2f GB" : "%.2f GiB",
                  bytes / (s.units == Units::kGB ? 1e9 : 1073741824.0));
    return buf;
  }
  if (key == "gpu-layers") {
    const uint64_t n = value.empty() ? UINT64_MAX : std::strtoull(value.c_str(), nullptr, 10);
    return n > s.model.num_layers ? "All" : value;
  }
  if (key == "zero" || key == "overhead-bytes" || o.kind == OptionKind::kChoice) {
    return ChoiceLabel(KnobChoices(s, o), value);
  }
  if (o.kind == OptionKind::kFlag) return value == "true" ? "on" : "off";
  return value;
}

std::string FocusText(const UiState& s) {
  if (!s.focus.ring || s.focus.name.empty()) return "";
  for (const OptionInfo* o : ShownKnobs(s)) {
    if (s.focus.name == o->label || s.focus.name == Tr(o->label))
      return s.focus.name + ": " + KnobValueText(s, *o);
  }
  return s.focus.name;
}

std::string ControlsText(const UiState& s) {
  std::string out = "Model: " + s.model.name + "\n";
  out += std::string("Units: ") + (s.units == Units::kGB ? "GB" : "GiB") + "\n";
  for (const OptionInfo* o : ShownKnobs(s)) {
    out += std::string(o->label) + ": " + KnobValueText(s, *o) + "\n";
  }
  out += std::string("Plot: memory vs ") +
         (s.plot_axis == SweepAxis::kSeq ? "sequence length" : "batch size") + "\n";
  return out;
}

}  // namespace vramcalc::ui
