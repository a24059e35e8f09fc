// Knobs panel: the workload (inference or training) and the hardware. Every
// change is sent as an option string through SetOption() -> core's
// apply_option(), the same spellings the CLI and the JS API accept, so the UI
// cannot set a value core would reject without showing core's error.
#include <string>
#include <vector>

#include "dtype.h"
#include "gpus.h"
#include "imgui.h"
#include "panels.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// Dtype choices from core's table; KV caches exclude the 4-bit weight formats.
std::vector<Choice> DTypeChoices(bool for_kv) {
  std::vector<Choice> out;
  if (for_kv) out.push_back({"auto", "Same as compute", "Follow the runtime's compute dtype"});
  for (const DTypeInfo& d : all_dtypes()) {
    if (d.type == DType::kTF32) continue;  // a math mode, stored as FP32
    if (for_kv && (d.type == DType::kINT4 || d.type == DType::kNF4)) continue;
    out.push_back({d.id, d.name, d.note});
  }
  return out;
}

const std::vector<Choice>& RuntimeChoices() {
  static const std::vector<Choice> k = {
      {"generic", "Generic", "Textbook components, no framework specifics"},
      {"hf", "Hugging Face", "transformers eager: FP32 logits for every position"},
      {"vllm", "vLLM", "PagedAttention KV blocks"},
      {"llamacpp", "llama.cpp", "F16 KV cache and a compute buffer"},
  };
  return k;
}
const std::vector<Choice>& PrecisionChoices() {
  static const std::vector<Choice> k = {
      {"mixed", "Mixed BF16/FP32", "16-bit compute, FP32 master weights and states"},
      {"bf16", "Pure BF16", "Weights, gradients and AdamW states all BF16"},
      {"fp16", "Pure FP16", "Weights, gradients and states all FP16"},
      {"amp", "AMP autocast", "FP32 parameters, forward under bf16 autocast"},
      {"fp32", "FP32", "Everything in 32-bit floats"},
      {"int8", "INT8", "Weights, gradients and states in 8 bits"},
  };
  return k;
}
const std::vector<Choice>& OptimizerChoices() {
  static const std::vector<Choice> k = {
      {"adamw", "AdamW", "Two states per trainable parameter"},
      {"adamw-8bit", "AdamW 8-bit", "bitsandbytes: two 1-byte states"},
      {"sgd", "SGD + momentum", "One state per trainable parameter"},
      {"adafactor", "Adafactor", "Factored second moments"},
      {"none", "None", "No optimizer states"},
  };
  return k;
}
const std::vector<Choice>& MethodChoices() {
  static const std::vector<Choice> k = {
      {"full", "Full fine-tuning", "Every parameter is trained"},
      {"lora", "LoRA", "Frozen base, rank-r adapters on every block linear"},
      {"qlora", "QLoRA", "LoRA over an NF4 4-bit base"},
  };
  return k;
}
const std::vector<Choice>& CheckpointingChoices() {
  static const std::vector<Choice> k = {
      {"none", "None", "Store every activation"},
      {"selective", "Selective", "Recompute attention internals (Megatron)"},
      {"full", "Full", "Store layer inputs only, recompute the rest"},
  };
  return k;
}
const std::vector<Choice>& AttentionChoices() {
  static const std::vector<Choice> k = {
      {"eager", "Eager", "Materialises batch x heads x seq^2 scores"},
      {"flash", "Flash", "No seq^2 score matrix"},
  };
  return k;
}
const std::vector<Choice>& OverheadChoices() {
  static const std::vector<Choice> k = {
      {"0", "Left out", "Count tensors only"},
      {"500000000", "0.5 GB", "A lean CUDA context"},
      {"1000000000", "1 GB", "A typical CUDA context"},
      {"1343000000", "1.343 GB", "Measured: torch.ones on a GPU (REFERENCE.md)"},
  };
  return k;
}
const std::vector<Choice>& ZeroChoices() {
  static const std::vector<Choice> k = {
      {"0", "0: none", "Every GPU holds everything"},
      {"1", "1: optimizer states", "Optimizer states sharded over the GPUs"},
      {"2", "2: + gradients", "Optimizer states and gradients sharded"},
      {"3", "3: + weights (FSDP)", "Everything sharded"},
  };
  return k;
}

// "None" plus core's GPU catalog.
std::vector<Choice> GpuChoices() {
  std::vector<Choice> out = {{"", "None", "No fit verdict"}};
  for (const GpuInfo& g : all_gpus()) out.push_back({g.id, g.name, ""});
  return out;
}

// One form row holding a combo; applies the pick through SetOption().
void ComboRow(UiState& s, const char* label, const char* key, const std::vector<Choice>& choices,
              const std::string& current) {
  FormLabel(label);
  std::string picked;
  ImGui::PushID(key);
  if (OptionCombo("##v", choices, current, &picked)) SetOption(s, key, picked);
  ImGui::PopID();
}

void CountRow(UiState& s, const char* label, const char* key, uint64_t value, uint64_t step) {
  FormLabel(label);
  uint64_t v = 0;
  ImGui::PushID(key);
  if (CountInput("##v", value, step, &v)) SetOption(s, key, std::to_string(v));
  ImGui::PopID();
}

bool BeginForm(const char* id) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp)) return false;
  // As wide as the longest label, so the widgets get the rest of a narrow column.
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("Checkpointing").x);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void ShowWorkload(UiState& s) {
  const Workload& w = s.workload;
  SectionTitle("WORKLOAD");
  if (!BeginForm("workload")) return;
  FormLabel("Mode");
  if (ImGui::RadioButton("Inference", w.mode == Mode::kInference)) {
    SetOption(s, "mode", "inference");
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("Training", w.mode == Mode::kTraining)) SetOption(s, "mode", "training");
  CountRow(s, "Batch", "batch", w.batch, 1);
  CountRow(s, "Sequence", "seq", w.seq, 256);
  ComboRow(s, "Runtime", "runtime", RuntimeChoices(), to_string(w.runtime));
  if (w.mode == Mode::kInference) {
    ComboRow(s, "Weights", "weight-dtype", DTypeChoices(false), dtype_info(w.weight_dtype).id);
    ComboRow(s, "KV cache", "kv-dtype", DTypeChoices(true),
             w.kv_dtype ? dtype_info(*w.kv_dtype).id : "auto");
  }
  ComboRow(s, "Attention", "attention", AttentionChoices(), to_string(w.attention));
  ImGui::EndTable();
}

void ShowTraining(UiState& s) {
  const Workload& w = s.workload;
  SectionTitle("TRAINING");
  if (!BeginForm("training")) return;
  ComboRow(s, "Precision", "precision", PrecisionChoices(), to_string(w.precision));
  ComboRow(s, "Optimizer", "optimizer", OptimizerChoices(), to_string(w.optimizer));
  ComboRow(s, "Method", "method", MethodChoices(), to_string(w.method));
  if (w.method != Method::kFull) CountRow(s, "LoRA rank", "lora-rank", w.lora_rank, 8);
  ComboRow(s, "Checkpointing", "checkpointing", CheckpointingChoices(), to_string(w.checkpointing));
  ImGui::EndTable();
}

void ShowHardware(UiState& s) {
  SectionTitle("HARDWARE");
  if (!BeginForm("hardware")) return;
  FormLabel("GPU");
  std::string gpu;
  if (OptionCombo("##gpu", GpuChoices(), s.gpu_id, &gpu)) {
    if (gpu.empty()) {
      SetOption(s, "gpu-memory-bytes", "0");
    } else {
      SetOption(s, "gpu", gpu);
    }
  }
  CountRow(s, "GPUs", "gpus", s.hardware.gpus, 1);
  if (s.workload.mode == Mode::kTraining) {
    ComboRow(s, "ZeRO stage", "zero", ZeroChoices(), std::to_string(s.hardware.zero_stage));
  }
  ComboRow(s, "Overhead", "overhead-bytes", OverheadChoices(),
           std::to_string(s.workload.overhead_bytes));
  ImGui::EndTable();

  bool textbook = s.workload.textbook;
  if (ImGui::Checkbox("Textbook formulas", &textbook)) {
    SetOption(s, "textbook", textbook ? "true" : "false");
  }
  HelpMarker(
      "The interview articles' simplified formulas (REFERENCE.md): only the big matrices, "
      "one activation tensor per layer, no logits.");
}

}  // namespace

void ShowKnobsPanel(UiState& s) {
  ShowWorkload(s);
  if (s.workload.mode == Mode::kTraining) {
    ImGui::Spacing();
    ShowTraining(s);
  }
  ImGui::Spacing();
  ShowHardware(s);
}

}  // namespace vramcalc::ui
