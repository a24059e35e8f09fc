// Option names and their parsing, shared by every front end, and range checks.
#include "workload.h"

#include <cerrno>
#include <cstdlib>
#include <utility>

#include "gguf_mix.h"
#include "gpus.h"

namespace vramcalc {

namespace {

template <typename E>
struct Spelling {
  E value;
  const char* id;
};

const Spelling<Mode> kModes[] = {{Mode::kInference, "inference"}, {Mode::kTraining, "training"}};
const Spelling<Runtime> kRuntimes[] = {{Runtime::kGeneric, "generic"},
                                       {Runtime::kHF, "hf"},
                                       {Runtime::kVLLM, "vllm"},
                                       {Runtime::kLlamaCpp, "llamacpp"},
                                       {Runtime::kOllama, "ollama"}};
const Spelling<Precision> kPrecisions[] = {
    {Precision::kFP32, "fp32"}, {Precision::kBF16, "bf16"},   {Precision::kFP16, "fp16"},
    {Precision::kAMP, "amp"},   {Precision::kMixed, "mixed"}, {Precision::kINT8, "int8"}};
const Spelling<Optimizer> kOptimizers[] = {{Optimizer::kAdamW, "adamw"},
                                           {Optimizer::kAdamW8bit, "adamw-8bit"},
                                           {Optimizer::kSGD, "sgd"},
                                           {Optimizer::kAdafactor, "adafactor"},
                                           {Optimizer::kNone, "none"},
                                           {Optimizer::kLion, "lion"},
                                           {Optimizer::kPagedAdamW, "paged-adamw"},
                                           {Optimizer::kPagedAdamW8bit, "paged-adamw-8bit"}};
const Spelling<Offload> kOffloads[] = {
    {Offload::kNone, "none"}, {Offload::kOptimizer, "optimizer"}, {Offload::kParams, "params"}};
const Spelling<Method> kMethods[] = {
    {Method::kFull, "full"}, {Method::kLoRA, "lora"}, {Method::kQLoRA, "qlora"}};
const Spelling<Checkpointing> kCheckpointings[] = {{Checkpointing::kNone, "none"},
                                                   {Checkpointing::kSelective, "selective"},
                                                   {Checkpointing::kFull, "full"}};
const Spelling<Attention> kAttentions[] = {
    {Attention::kEager, "eager"}, {Attention::kFlash, "flash"}, {Attention::kSdpa, "sdpa"}};
const Spelling<FlashAttn> kFlashAttns[] = {
    {FlashAttn::kAuto, "auto"}, {FlashAttn::kOn, "on"}, {FlashAttn::kOff, "off"}};

template <typename E, size_t N>
const char* name_of(const Spelling<E> (&table)[N], E v) {
  for (const auto& s : table) {
    if (s.value == v) return s.id;
  }
  return "?";
}

template <typename E, size_t N>
Result<E> parse_of(const Spelling<E> (&table)[N], const std::string& text, const char* option) {
  std::string choices;
  for (const auto& s : table) {
    if (text == s.id) return s.value;
    choices += (choices.empty() ? "" : "|") + std::string(s.id);
  }
  return make_error(ErrorCode::kInvalidOption, std::string("option --") + option + ": '" +
                                                   text.substr(0, 40) + "' is not one of " +
                                                   choices);
}

// Plain decimal text: digits with at most one '.', and with `exponent` an
// optional e/E and digits. strtod alone would also take "0x10", "inf", " 7".
bool is_decimal(const std::string& text, bool exponent) {
  size_t i = 0, digits = 0;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits == 0) return false;
  if (i == text.size()) return true;
  if (!exponent || (text[i] != 'e' && text[i] != 'E') || i + 1 == text.size()) return false;
  for (size_t k = i + 1; k < text.size(); ++k) {
    if (text[k] < '0' || text[k] > '9') return false;
  }
  return true;
}

// Whole decimal numbers only ("1", "2048"); byte counts (`bytes`) also in
// scientific notation ("1.3e9") when it is exactly integral. No sign, no hex.
Result<uint64_t> parse_count(const std::string& text, const char* option, uint64_t min_value,
                             uint64_t max_value, bool bytes = false) {
  const std::string range = std::to_string(min_value) + ".." + std::to_string(max_value);
  auto fail = [&] {
    return make_error(ErrorCode::kInvalidOption, std::string("option --") + option +
                                                     " must be an integer in " + range + " (got '" +
                                                     text.substr(0, 40) + "')");
  };
  if (!is_decimal(text, bytes)) return fail();
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  uint64_t value = v;
  if (*end != '\0') {
    // Scientific notation for large byte counts: exactly integral doubles only.
    end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !(d >= 0.0 && d <= 1.8e19) ||
        static_cast<double>(static_cast<uint64_t>(d)) != d) {
      return fail();
    }
    value = static_cast<uint64_t>(d);
  } else if (errno == ERANGE) {
    return fail();
  }
  if (value < min_value || value > max_value) return fail();
  return value;
}

constexpr uint64_t kMaxTokens = 1ull << 40;  // batch or sequence; products are checked later

}  // namespace

const char* to_string(Mode v) { return name_of(kModes, v); }
const char* to_string(Runtime v) { return name_of(kRuntimes, v); }
const char* to_string(Precision v) { return name_of(kPrecisions, v); }
const char* to_string(Optimizer v) { return name_of(kOptimizers, v); }
const char* to_string(Method v) { return name_of(kMethods, v); }
const char* to_string(Checkpointing v) { return name_of(kCheckpointings, v); }
const char* to_string(Attention v) { return name_of(kAttentions, v); }
const char* to_string(Offload v) { return name_of(kOffloads, v); }
const char* to_string(FlashAttn v) { return name_of(kFlashAttns, v); }
Result<Mode> parse_mode(const std::string& s) { return parse_of(kModes, s, "mode"); }
Result<Runtime> parse_runtime(const std::string& s) { return parse_of(kRuntimes, s, "runtime"); }
Result<Precision> parse_precision(const std::string& s) {
  return parse_of(kPrecisions, s, "precision");
}
Result<Optimizer> parse_optimizer(const std::string& s) {
  return parse_of(kOptimizers, s, "optimizer");
}
Result<Method> parse_method(const std::string& s) { return parse_of(kMethods, s, "method"); }
Result<Checkpointing> parse_checkpointing(const std::string& s) {
  return parse_of(kCheckpointings, s, "checkpointing");
}
Result<Attention> parse_attention(const std::string& s) {
  return parse_of(kAttentions, s, "attention");
}

std::optional<Error> apply_option(Workload& w, Hardware& h, const std::string& key,
                                  const std::string& value) {
  // Each branch parses into a local and assigns only on success.
#define VRAMCALC_SET(target, expr)   \
  do {                               \
    auto r_ = (expr);                \
    if (!r_.ok()) return r_.error(); \
    target = r_.value();             \
    return std::nullopt;             \
  } while (0)
  if (key == "mode") VRAMCALC_SET(w.mode, parse_mode(value));
  if (key == "batch") VRAMCALC_SET(w.batch, parse_count(value, "batch", 1, kMaxTokens));
  if (key == "seq") VRAMCALC_SET(w.seq, parse_count(value, "seq", 1, kMaxTokens));
  if (key == "runtime") VRAMCALC_SET(w.runtime, parse_runtime(value));
  if (key == "precision") VRAMCALC_SET(w.precision, parse_precision(value));
  if (key == "optimizer") VRAMCALC_SET(w.optimizer, parse_optimizer(value));
  if (key == "method") VRAMCALC_SET(w.method, parse_method(value));
  if (key == "lora-rank") VRAMCALC_SET(w.lora_rank, parse_count(value, "lora-rank", 1, 1u << 16));
  if (key == "checkpointing") VRAMCALC_SET(w.checkpointing, parse_checkpointing(value));
  if (key == "attention") VRAMCALC_SET(w.attention, parse_attention(value));
  if (key == "gpus") VRAMCALC_SET(h.gpus, parse_count(value, "gpus", 1, 1u << 20));
  if (key == "tp") VRAMCALC_SET(h.tp, parse_count(value, "tp", 1, 1u << 16));
  if (key == "pp") VRAMCALC_SET(h.pp, parse_count(value, "pp", 1, 1u << 10));
  if (key == "offload") VRAMCALC_SET(h.offload, parse_of(kOffloads, value, "offload"));
  if (key == "overhead-bytes") {
    VRAMCALC_SET(w.overhead_bytes, parse_count(value, "overhead-bytes", 0, 1ull << 50, true));
  }
  if (key == "gpu-memory-bytes") {
    auto r = parse_count(value, "gpu-memory-bytes", 0, 1ull << 50, true);
    if (!r.ok()) return r.error();
    if (r.value() != h.gpu_memory_bytes) h.gpu_id.clear();  // no longer the catalog GPU
    h.gpu_memory_bytes = r.value();
    return std::nullopt;
  }
  if (key == "max-num-seqs") {
    VRAMCALC_SET(w.max_num_seqs, parse_count(value, "max-num-seqs", 0, 1u << 20));
  }
  if (key == "max-num-batched-tokens") {
    VRAMCALC_SET(w.max_num_batched_tokens,
                 parse_count(value, "max-num-batched-tokens", 0, 1u << 24));
  }
  if (key == "block-size")
    VRAMCALC_SET(w.block_size, parse_count(value, "block-size", 1, 1u << 16));
  if (key == "gpu-layers")
    VRAMCALC_SET(w.gpu_layers, parse_count(value, "gpu-layers", 0, 1u << 14));
  if (key == "ubatch") VRAMCALC_SET(w.ubatch, parse_count(value, "ubatch", 1, 1u << 20));
  if (key == "tensor-split") {
    // "33,34,33": whole-number proportions, one per GPU ("" back to equal shares).
    std::vector<uint64_t> split;
    size_t start = 0;
    while (!value.empty() && start <= value.size()) {
      const size_t comma = std::min(value.find(',', start), value.size());
      auto r = parse_count(value.substr(start, comma - start), "tensor-split", 0, 1u << 20);
      if (!r.ok()) return r.error();
      split.push_back(r.value());
      start = comma + 1;
    }
    if (split.size() > 1024) {
      return make_error(ErrorCode::kInvalidOption, "option --tensor-split: at most 1024 values");
    }
    w.tensor_split = std::move(split);
    return std::nullopt;
  }
  if (key == "num-ctx") VRAMCALC_SET(w.num_ctx, parse_count(value, "num-ctx", 0, 1u << 24));
  if (key == "n-cpu-moe") VRAMCALC_SET(w.n_cpu_moe, parse_count(value, "n-cpu-moe", 0, 1u << 14));
  if (key == "flash-attn") VRAMCALC_SET(w.flash_attn, parse_of(kFlashAttns, value, "flash-attn"));
  if (key == "speculative-tokens") {
    VRAMCALC_SET(w.speculative_tokens, parse_count(value, "speculative-tokens", 0, 64));
  }
  if (key == "generate")
    VRAMCALC_SET(w.generate_tokens, parse_count(value, "generate", 0, 1u << 24));
#undef VRAMCALC_SET
  if (key == "gpu-memory-utilization") {
    // A fraction like 0.9 (three decimals kept).
    char* end = nullptr;
    const double f = std::strtod(value.c_str(), &end);
    if (!is_decimal(value, false) || *end != '\0' || !(f > 0.0 && f <= 1.0)) {
      return make_error(
          ErrorCode::kInvalidOption,
          "option --gpu-memory-utilization must be in (0, 1] (got '" + value.substr(0, 40) + "')");
    }
    w.gpu_memory_utilization_permille = static_cast<uint64_t>(f * 1000.0 + 0.5);
    return std::nullopt;
  }
  if (key == "gpu") {
    const GpuInfo* g = find_gpu(value);
    if (!g) {
      // Suggest the catalog ids that hold the words given ("4090" -> rtx4090-24gb|...).
      std::string ids;
      const auto near = search_gpus(value.substr(0, 40));
      for (size_t i = 0; i < near.size() && i < 6; ++i)
        ids += (i ? "|" : "") + std::string(near[i]->id);
      return make_error(ErrorCode::kInvalidOption,
                        "option --gpu: '" + value.substr(0, 40) + "' is not a catalog id" +
                            (ids.empty() ? " (vramcalc --list-gpus [words] lists them)"
                                         : "; did you mean " + ids + "?"));
    }
    h.gpu_memory_bytes = g->usable_bytes;  // what the runtime sees (gpus.h)
    h.gpu_id = g->id;
    return std::nullopt;
  }
  if (key == "zero") {
    auto r = parse_count(value, "zero", 0, 3);
    if (!r.ok()) return r.error();
    h.zero_stage = static_cast<int>(r.value());
    return std::nullopt;
  }
  if (key == "weight-dtype" || key == "kv-dtype") {
    const bool kv = key == "kv-dtype";
    if (kv && value == "auto") {  // back to the default: the compute dtype
      w.kv_dtype.reset();
      return std::nullopt;
    }
    if (!kv && value == "checkpoint") {  // weights as stored in loaded checkpoint headers
      w.weights_from_checkpoint = true;
      w.gguf_file_type.clear();
      return std::nullopt;
    }
    const auto d = parse_dtype(value);
    const bool block = d && dtype_info(*d).block_elems > 1;
    if (!kv && (!d || block)) {
      // llama.cpp file types (q4_k_m, q8_0, iq2_xs, ...): the quantizer's mix.
      if (const GgufFileType* ft = find_gguf_file_type(value)) {
        w.gguf_file_type = ft->name;
        w.weight_dtype = DType::kBF16;  // what the dtype-only formulas fall back to
        w.weights_from_checkpoint = false;
        return std::nullopt;
      }
    }
    if (!d || *d == DType::kTF32 || (kv && (*d == DType::kNF4 || *d == DType::kINT4)) ||
        (!kv && block)) {
      return make_error(ErrorCode::kInvalidOption,
                        "option --" + key + ": '" + value.substr(0, 40) + "' is not one of " +
                            (kv ? "fp32|bf16|fp16|fp8|int8|q8_0|q4_0|q4_1|q5_0|q5_1|iq4_nl"
                                : "fp32|bf16|fp16|fp8|int8|int4|nf4 or a llama.cpp file type "
                                  "(q4_k_m, q8_0, iq4_xs, ...)"));
    }
    if (kv) {
      w.kv_dtype = *d;
    } else {
      w.weight_dtype = *d;
      w.weights_from_checkpoint = false;
      w.gguf_file_type.clear();
    }
    return std::nullopt;
  }
  if (key == "kv-unified" || key == "imatrix") {
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      return make_error(ErrorCode::kInvalidOption,
                        "option --" + key + ": '" + value.substr(0, 40) + "' is not true|false");
    }
    (key == "imatrix" ? w.gguf_imatrix : w.kv_unified) = value == "true" || value == "1";
    return std::nullopt;
  }
  if (key == "textbook" || key == "cuda-context") {
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      return make_error(ErrorCode::kInvalidOption,
                        "option --" + key + ": '" + value.substr(0, 40) + "' is not true|false");
    }
    (key == "textbook" ? w.textbook : w.cuda_context) = value == "true" || value == "1";
    return std::nullopt;
  }
  return make_error(ErrorCode::kInvalidOption, "unknown option --" + key.substr(0, 40));
}

const std::vector<OptionInfo>& all_options() {
  using K = OptionKind;
  static const std::vector<OptionInfo> kOptions = {
      {"mode", "Mode", K::kChoice, "inference|training", "workload",
       "inference serves the model; training adds gradients and optimizer states"},
      {"batch", "Batch", K::kCount, "", "workload", "sequences per step on one GPU"},
      {"seq", "Sequence", K::kCount, "", "workload", "tokens per sequence (prompt + generated)"},
      {"runtime", "Runtime", K::kChoice, "generic|hf|vllm|llamacpp|ollama", "workload",
       "whose memory rules apply: textbook, transformers, vLLM, llama.cpp or Ollama"},
      {"weight-dtype", "Weights", K::kChoice, "checkpoint|fp32|bf16|fp16|fp8|int8|int4|nf4",
       "workload",
       "inference weight storage (checkpoint: the bytes a loaded header stores; a llama.cpp "
       "file type q2_k..q8_0, iq*, _l/_xl: its per-tensor mix)"},
      {"kv-dtype", "KV cache", K::kChoice,
       "auto|fp32|bf16|fp16|fp8|int8|q8_0|q4_0|q4_1|q5_0|q5_1|iq4_nl", "workload",
       "KV cache storage (auto: the compute dtype; llama.cpp: F16)"},
      {"attention", "Attention", K::kChoice, "sdpa|eager|flash", "workload",
       "attention kernel: sdpa (transformers' default) keeps no score matrix, eager does"},
      {"precision", "Precision", K::kChoice, "fp32|bf16|fp16|amp|mixed|int8", "training",
       "training scheme: which dtypes hold the weights, gradients and optimizer states"},
      {"optimizer", "Optimizer", K::kChoice,
       "adamw|adamw-8bit|paged-adamw|paged-adamw-8bit|sgd|adafactor|lion|none", "training",
       "optimizer, which decides the states kept per trainable parameter"},
      {"method", "Method", K::kChoice, "full|lora|qlora", "training",
       "what is trained: every parameter, or LoRA / QLoRA adapters on a frozen base"},
      {"lora-rank", "LoRA rank", K::kCount, "", "training",
       "LoRA rank r: each adapted matrix gets r x (inputs + outputs) trainable parameters"},
      {"checkpointing", "Checkpointing", K::kChoice, "none|selective|full", "training",
       "activation recomputation: keep fewer activations, recompute them in the backward pass"},
      {"gpu", "GPU", K::kChoice, "", "hardware",
       "a GPU from the catalog, with the memory its runtime sees"},
      {"gpu-memory-bytes", "Memory/GPU", K::kBytes, "", "hardware",
       "memory of one GPU as the runtime sees it (bytes on the command line)"},
      {"gpus", "GPUs", K::kCount, "", "hardware",
       "GPUs in all: data-parallel replicas x --tp x --pp"},
      {"zero", "ZeRO stage", K::kCount, "", "hardware",
       "ZeRO / FSDP stage 0-3: shard optimizer states, gradients, weights over the replicas"},
      {"tp", "Tensor parallel", K::kCount, "", "hardware",
       "tensor parallel: each layer's matrices split over this many GPUs"},
      {"pp", "Pipeline parallel", K::kCount, "", "hardware",
       "pipeline parallel: the layers split into this many stages, one per GPU"},
      {"offload", "CPU offload", K::kChoice, "none|optimizer|params", "hardware",
       "CPU offload of optimizer states (+ master weights), or of parameters too"},
      {"overhead-bytes", "Overhead", K::kBytes, "", "hardware",
       "framework overhead per GPU (0: left out, or the CUDA context where counted)"},
      {"cuda-context", "CUDA context", K::kFlag, "", "hardware",
       "count the memory each GPU's CUDA context holds before any tensor (default true)"},
      {"gpu-memory-utilization", "GPU share", K::kFraction, "", "vllm",
       "share of the GPU vLLM may use"},
      {"max-num-seqs", "Max seqs", K::kCount, "", "vllm",
       "sequences in vLLM's profiling run, max_num_seqs (0: its default for the GPU)"},
      {"max-num-batched-tokens", "Batch tokens", K::kCount, "", "vllm",
       "tokens in vLLM's profiling run, max_num_batched_tokens (0: its default for the GPU)"},
      {"block-size", "Block size", K::kCount, "", "vllm",
       "tokens per KV cache block (vLLM allocates the cache in blocks)"},
      {"speculative-tokens", "MTP draft tokens", K::kCount, "", "vllm",
       "MTP drafting: num_speculative_tokens (0: off); loads the MTP layers and their KV"},
      {"gpu-layers", "GPU layers", K::kCount, "", "llamacpp", "-ngl: layers offloaded to the GPU"},
      {"ubatch", "Micro-batch", K::kCount, "", "llamacpp", "-ub: tokens per compute step"},
      {"tensor-split", "Tensor split", K::kChoice, "", "llamacpp",
       "-ts: layer proportions per GPU, e.g. 3,1 (default: equal over --gpus)"},
      {"num-ctx", "Context (num_ctx)", K::kCount, "", "ollama",
       "Ollama's num_ctx per request (0: by total VRAM, 4096 / 32768 / 262144)"},
      {"n-cpu-moe", "Experts on CPU", K::kCount, "", "llamacpp",
       "--n-cpu-moe: the first N layers keep their routed experts in host memory"},
      {"flash-attn", "Flash attention", K::kChoice, "auto|on|off", "llamacpp",
       "-fa (auto: on, as on a CUDA GPU)"},
      {"imatrix", "Importance matrix", K::kFlag, "", "workload",
       "a llama.cpp file type quantized with an importance matrix (default true)"},
      {"kv-unified", "Unified KV", K::kFlag, "", "llamacpp",
       "--kv-unified: one KV cache shared by the --batch slots (else one per slot)"},
      {"generate", "Generate", K::kCount, "", "workload",
       "new tokens of model.generate() under hf (0: one forward, logits for every position)"},
      {"textbook", "Textbook", K::kFlag, "", "workload",
       "the simplified formulas of common interview-prep articles (big matrices only)"},
  };
  return kOptions;
}

std::optional<Error> validate(const Workload& w, const Hardware& h) {
  if (w.batch < 1 || w.batch > kMaxTokens) {
    return make_error(ErrorCode::kInvalidOption, "option --batch must be in 1..2^40");
  }
  if (w.seq < 1 || w.seq > kMaxTokens) {
    return make_error(ErrorCode::kInvalidOption, "option --seq must be in 1..2^40");
  }
  if (w.lora_rank < 1)
    return make_error(ErrorCode::kInvalidOption, "option --lora-rank must be >= 1");
  if (h.gpus < 1) return make_error(ErrorCode::kInvalidOption, "option --gpus must be >= 1");
  if (h.tp < 1 || h.pp < 1 || h.gpus % (h.tp * h.pp) != 0) {
    return make_error(ErrorCode::kInvalidOption, "option --gpus (" + std::to_string(h.gpus) +
                                                     ") must be a multiple of --tp x --pp (" +
                                                     std::to_string(h.tp * h.pp) + ")");
  }
  // llama.cpp (and Ollama, its runner) split layers over at most 16 devices
  // (GGML_CUDA_MAX_DEVICES in ggml-cuda.h).
  constexpr uint64_t kLlamaCppMaxDevices = 16;
  if ((w.runtime == Runtime::kLlamaCpp || w.runtime == Runtime::kOllama) &&
      h.gpus > kLlamaCppMaxDevices) {
    return make_error(ErrorCode::kInvalidOption, "option --gpus (" + std::to_string(h.gpus) +
                                                     "): llama.cpp and Ollama split "
                                                     "layers over at most 16 GPUs");
  }
  if (h.zero_stage < 0 || h.zero_stage > 3) {
    return make_error(ErrorCode::kInvalidOption, "option --zero must be 0, 1, 2 or 3");
  }
  return std::nullopt;
}

}  // namespace vramcalc
