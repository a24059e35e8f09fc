// Workload (what the user runs) and Hardware (where): the knobs of an estimate.
// Zero-initialised defaults are sensible, so callers set only what they change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dtype.h"
#include "status.h"

namespace vramcalc {

enum class Mode { kInference, kTraining };
enum class Runtime { kGeneric, kHF, kVLLM, kLlamaCpp, kOllama };
// Training precision schemes (DESIGN.md). kINT8 extends the contract for
// REFERENCE.md's INT8 training example: weights, gradients and states in 8 bits.
enum class Precision { kFP32, kBF16, kFP16, kAMP, kMixed, kINT8 };
enum class Optimizer {
  kAdamW,
  kAdamW8bit,
  kSGD,
  kAdafactor,
  kNone,
  kLion,            // one momentum buffer (Chen et al. 2023)
  kPagedAdamW,      // bitsandbytes paged AdamW: same bytes, pages to host under pressure
  kPagedAdamW8bit,  // bitsandbytes paged 8-bit AdamW
};
// Where ZeRO-Offload / FSDP CPU offload keeps tensors.
enum class Offload { kNone, kOptimizer, kParams };
enum class Method { kFull, kLoRA, kQLoRA };
enum class Checkpointing { kNone, kSelective, kFull };
// kSdpa: torch's scaled_dot_product_attention, transformers' default since 4.36;
// with no padding mask it runs the flash / memory-efficient kernels, so like kFlash
// it keeps no score matrix.
enum class Attention { kEager, kFlash, kSdpa };
// llama.cpp -fa: auto resolves to on when the backend supports it (every CUDA GPU).
enum class FlashAttn { kAuto, kOn, kOff };

struct Workload {
  Mode mode = Mode::kInference;
  uint64_t batch = 1;                 // sequences per step (per GPU micro-batch)
  uint64_t seq = 2048;                // tokens per sequence (prompt + generated)
  DType weight_dtype = DType::kBF16;  // inference weight storage
  // When the model came with checkpoint headers, inference weights take the bytes
  // stored there; choosing a weight dtype (apply_option) turns this off.
  bool weights_from_checkpoint = true;
  std::optional<DType> kv_dtype;  // KV cache; default: the compute dtype
  Runtime runtime = Runtime::kGeneric;
  Precision precision = Precision::kMixed;  // training scheme
  Optimizer optimizer = Optimizer::kAdamW;
  Method method = Method::kFull;
  uint64_t lora_rank = 16;  // LoRA / QLoRA rank r
  Checkpointing checkpointing = Checkpointing::kNone;
  Attention attention = Attention::kSdpa;  // transformers' default since 4.36
  uint64_t overhead_bytes = 0;             // framework / CUDA context bytes per GPU (0: left out)
  bool textbook = false;                   // REFERENCE.md's simplified formulas
  // generic and hf runtimes: count each GPU's CUDA context (cuda_context.h) when the
  // GPU is a catalog one with a figure and no overhead is given.
  bool cuda_context = true;
  // --runtime hf: tokens model.generate() adds after the prompt (0: one forward of
  // the prompt with logits for every position, DESIGN.md's reference semantics).
  uint64_t generate_tokens = 0;

  // --runtime vllm (engine arguments of the same names)
  uint64_t gpu_memory_utilization_permille = 900;  // share of the card vLLM may use (0.9)
  // 0: vLLM v0.19's default for the GPU (8192 tokens / 1024 sequences on GPUs of
  // >= 70 GiB other than A100, else 2048 / 256; engine/arg_utils.py).
  uint64_t max_num_seqs = 0;            // sequences in the profiling run
  uint64_t max_num_batched_tokens = 0;  // tokens in the profiling run
  uint64_t block_size = 16;             // tokens per KV block
  // MTP speculative decoding (speculative_config method "mtp"): draft tokens per
  // step; > 0 loads the model's MTP layers and their KV cache (0: off).
  uint64_t speculative_tokens = 0;
  // --runtime llamacpp
  uint64_t gpu_layers = UINT64_MAX;         // -ngl: layers offloaded to the GPU (all by default)
  uint64_t ubatch = 512;                    // -ub: tokens per compute step
  FlashAttn flash_attn = FlashAttn::kAuto;  // -fa
  std::vector<uint64_t> tensor_split;       // -ts: layer proportions per GPU (empty: equal)
  uint64_t n_cpu_moe = 0;   // --n-cpu-moe: layers whose routed experts stay in host RAM
  bool kv_unified = false;  // --kv-unified: one KV stream shared by the --batch slots
  // --weight-dtype q4_k_m, q8_0, iq2_xs, ...: the llama.cpp file type whose
  // per-tensor quantization mix gives the weights (canonical "Q4_K_M"; "" none).
  std::string gguf_file_type;
  bool gguf_imatrix = true;  // --imatrix: the file was quantized with an importance matrix
  // --runtime ollama: num_ctx per request (0: Ollama's default by total VRAM: 4096,
  // 32768 from 23 GiB, 262144 from 47 GiB); --batch is num_parallel.
  uint64_t num_ctx = 0;
};

struct Hardware {
  uint64_t gpus = 1;              // data-parallel GPUs
  int zero_stage = 0;             // ZeRO / FSDP sharding: 0 none, 1 optimizer, 2 +grads, 3 +weights
  uint64_t gpu_memory_bytes = 0;  // memory of one GPU (0: unknown; no fit verdict)
  std::string gpu_id;             // catalog id when chosen with "gpu" ("" otherwise)
  uint64_t tp = 1;                // tensor-parallel degree (splits every layer)
  uint64_t pp = 1;                // pipeline-parallel degree (splits the layers)
  Offload offload = Offload::kNone;  // CPU offload of optimizer states (+ master) or params
};

// One option of apply_option(), described for front ends (CLI help, UI knobs).
enum class OptionKind { kChoice, kCount, kBytes, kFraction, kFlag };
struct OptionInfo {
  const char* key;    // "batch", "weight-dtype", ...
  const char* label;  // what the UI calls it: "Batch", "Tensor parallel", ...
  OptionKind kind;
  const char* choices;  // "inference|training" for kChoice, "" otherwise
  const char* group;    // "workload", "training", "hardware", "vllm", "llamacpp"
  const char* help;     // one line
};
const std::vector<OptionInfo>& all_options();

// Whether the workload's runtime leaves the CUDA context to the estimate: the generic
// and hf formulas stop at torch's allocations, while vLLM's and Ollama's reserves
// and llama.cpp's fit margin already stand for it, and the textbook has none.
bool runtime_leaves_cuda_context(const Workload& w);

// Whether the workload uses option `key` (its runtime and mode read it): vLLM's
// knobs only under vLLM inference, training knobs only in training, a GGUF file
// type's importance matrix only with one chosen, ... False for unknown keys.
// Front ends hide the options that do not apply.
bool option_applies(std::string_view key, const Workload& w);

// `message` (one of core's errors) with every option named by its label instead of
// its CLI flag: "option --gpus (1) must be a multiple of --tp x --pp (2)" ->
// "GPUs (1) must be a multiple of Tensor parallel x Pipeline parallel (2)". Text
// that names no option (a file, a field) is kept as it is.
std::string with_option_labels(std::string_view message);

// Option spellings shared by the CLI, the UI and the JS API.
const char* to_string(Mode v);
const char* to_string(Runtime v);
const char* to_string(Precision v);
const char* to_string(Optimizer v);
const char* to_string(Method v);
const char* to_string(Checkpointing v);
const char* to_string(Attention v);
const char* to_string(Offload v);
const char* to_string(FlashAttn v);
Result<Mode> parse_mode(const std::string& s);
Result<Runtime> parse_runtime(const std::string& s);
Result<Precision> parse_precision(const std::string& s);
Result<Optimizer> parse_optimizer(const std::string& s);
Result<Method> parse_method(const std::string& s);
Result<Checkpointing> parse_checkpointing(const std::string& s);
Result<Attention> parse_attention(const std::string& s);

// Sets one option by its CLI name without the dashes ("batch", "weight-dtype",
// "lora-rank", "zero", "overhead-bytes", "textbook" = "true"/"false", ...), so the
// CLI, the UI and the JS API accept the same spellings. Returns the error, if any,
// naming the option; on error nothing is changed.
std::optional<Error> apply_option(Workload& w, Hardware& h, const std::string& key,
                                  const std::string& value);

// Checks ranges (batch >= 1, seq >= 1, rank >= 1, gpus >= 1, zero 0..3, ...).
std::optional<Error> validate(const Workload& w, const Hardware& h);

}  // namespace vramcalc
