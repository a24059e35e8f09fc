// ModelSpec: what the estimator knows about a model's architecture. Filled from a
// config.json (config_parser.h), a preset (presets.h) or a bare parameter count
// (model_source.h). All sizes are element counts, not bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dtype.h"
#include "layers.h"

namespace vramcalc {

enum class ModelKind {
  kParamsOnly,  // only a total parameter count is known (e.g. "7b"): no architecture
  kDecoder,     // decoder-only causal LM (llama, mistral, qwen2, gpt2, ...)
  kEncoder,     // bidirectional encoder (bert, roberta): no KV cache when serving
};

enum class NormKind {
  kLayerNorm,      // weight (+ bias when norm_bias)
  kRMSNorm,        // weight only
  kNonParametric,  // no learnable parameters (OLMo-1)
};

// Mixture of experts: which layers route and how big each expert is.
struct MoeSpec {
  uint64_t num_experts = 0;          // routed experts per MoE layer (0: dense model)
  uint64_t experts_per_token = 0;    // routed experts each token uses (top-k)
  uint64_t expert_intermediate = 0;  // MLP width of one routed expert
  uint64_t shared_intermediate = 0;  // total MLP width of the always-on shared expert(s)
  bool shared_expert_gate = false;   // Qwen2-MoE: sigmoid gate h -> 1 on the shared expert
  bool router_bias = false;          // DeepSeek-V3: per-expert score-correction bias
  uint64_t moe_layers = 0;           // layers with experts; the rest use the dense MLP
};

// A PEFT LoRA adapter attached to the model (from adapter_config.json).
struct AdapterSpec {
  bool present = false;
  uint64_t rank = 0;              // r
  uint64_t trainable_params = 0;  // LoRA A/B (+ DoRA magnitudes, saved modules, biases)
  uint64_t adapted_modules = 0;   // module instances that received LoRA
  std::string description;        // "r=16 on q_proj, v_proj (64 modules)"
};

// What checkpoint headers (safetensors, GGUF) said is stored: the exact bytes the
// weights take as shipped, which beat "params x bytes per param" for mixed or
// quantized files.
// Elements stored per part of the model, from the tensor names alone (Hugging
// Face and GGUF spellings), for a checkpoint read without its config.json.
struct TensorParts {
  uint64_t embedding = 0;  // token / position embeddings
  uint64_t attention = 0;  // attention projections (and their scales, biases)
  uint64_t mlp = 0;        // dense MLPs, shared experts, routers
  uint64_t experts = 0;    // routed experts
  uint64_t norms = 0;      // every norm weight and bias
  uint64_t head = 0;       // the LM head (output)
  uint64_t other = 0;      // names matching none of the above
};

// How a config's quantization_config stores the weights (docs/research/
// architectures/SUMMARY-QUANT.md): which linear layers are quantized and how.
struct QuantSpec {
  enum class Method : uint8_t {
    kNone,
    kFp8,        // F8_E4M3 weights, scales per block / channel / tensor (fp8, compressed-tensors)
    kMxfp4,      // gpt-oss: 4-bit values + an E8M0 scale per 32, routed experts only
    kGptq,       // qweight / qzeros I32, scales F16 per group, g_idx I32
    kAwq,        // AutoAWQ GEMM: qweight / qzeros I32 packed along out, scales F16
    kBnb4,       // bitsandbytes nf4 / fp4, absmax per 64 (U8 + nested F32 with double quant)
    kBnb8,       // bitsandbytes LLM.int8: I8 weights + an F32 row scale
    kIntPacked,  // compressed-tensors pack-quantized: int4/int8 in I32, scales per group
    kInt8,       // compressed-tensors int-quantized: I8 weights, scales per channel
    kNvfp4,      // compressed-tensors nvfp4: FP4 pairs in U8, an F8 scale per 16, F32 global
  };
  Method method = Method::kNone;
  uint64_t block_out = 0, block_in = 0;  // FP8 weight blocks; 0: see channel_scales
  bool channel_scales = false;           // FP8: one scale per output row (else per tensor)
  uint64_t scale_bytes = 4;  // FP8 scale element (F32 weight_scale_inv; BF16 in compressed-tensors)
  uint64_t bits = 4;         // gptq / awq / pack-quantized
  uint64_t group = 128;      // input columns per scale group (0: one group per row)
  bool zero_points = true;   // gptq qzeros always; compressed-tensors when asymmetric
  bool g_idx = false;        // an I32 input-order index per Linear (gptq; actorder)
  bool desc_act = false;     // gptq act-order: kernels need g_idx (else Marlin drops it)
  bool double_quant = false;       // bitsandbytes 4-bit nested absmax
  uint64_t global_scales = 1;      // nvfp4: F32 global scales per Linear (1 or 2 with W4A4)
  bool attention_kept = false;     // attention stays 16-bit (modules_to_not_convert, ignore)
  bool mlp_kept = false;           // dense and shared-expert MLPs stay 16-bit (ignore)
  bool routers_quantized = false;  // bitsandbytes converts nn.Linear routers too
  bool experts_fp4 = false;        // DeepSeek-V4 expert_dtype fp4: FP4 pairs + an E8M0 scale per 32
};

struct CheckpointSummary {
  bool present = false;
  bool from_config = false;  // derived from quantization_config, not read from headers
  std::string format;        // "safetensors" or "gguf"
  uint64_t params = 0;       // elements stored (all tensors)
  uint64_t bytes = 0;        // tensor bytes stored
  uint64_t mtp_bytes = 0;    // of which MTP layers (known for from_config; runtimes skip them)
  uint64_t index_bytes = 0;  // of which GPTQ / act-order g_idx tensors (a runtime may drop them)
  uint64_t tensors = 0;      // tensor count
  std::string dtypes;        // "BF16: 291 tensors, F32: 65 tensors" (for display)
  TensorParts parts;         // the elements above, by part of the model
};

struct ModelSpec {
  std::string name;        // display name, e.g. "Llama-3.1-8B" or the file name
  std::string model_type;  // config.json model_type ("llama", "bert"); "params" if bare
  ModelKind kind = ModelKind::kParamsOnly;
  uint64_t bare_params = 0;  // parameters, only for kParamsOnly

  uint64_t vocab_size = 0;               // tokens in the embedding table
  uint64_t hidden_size = 0;              // model width (d_model)
  uint64_t num_layers = 0;               // transformer blocks
  uint64_t num_heads = 0;                // query heads per layer
  uint64_t num_kv_heads = 0;             // key/value heads (GQA: < num_heads; MQA: 1)
  uint64_t head_dim = 0;                 // width of one head (usually hidden / heads)
  uint64_t intermediate_size = 0;        // MLP inner width
  uint64_t max_position_embeddings = 0;  // context length the model was trained for
  uint64_t learned_position_rows = 0;    // rows of a learned position table (0: rotary)
  uint64_t type_vocab_size = 0;          // BERT token-type embeddings (0: none)
  uint64_t sliding_window = 0;           // attention window in tokens (0: full)
  uint64_t sliding_window_layers = 0;    // layers that use the window (rest attend fully)

  bool gated_mlp = false;        // SwiGLU/GeGLU: gate, up and down matrices
  bool tied_embeddings = false;  // output head shares the input embedding matrix
  bool has_lm_head = true;       // decoder LM head (BertModel has none)
  bool qkv_bias = false;         // biases on the Q, K and V projections
  bool attn_out_bias = false;    // bias on the attention output projection
  bool mlp_bias = false;         // biases on the MLP matrices
  NormKind norm = NormKind::kRMSNorm;
  bool norm_bias = false;           // LayerNorm with a bias vector
  bool embedding_norm = false;      // a norm right after the embeddings (BERT)
  bool final_norm = true;           // a norm after the last block
  bool has_pooler = false;          // BERT pooler: dense h x h + bias
  bool has_dropout = false;         // training keeps dropout masks (GPT-2, BERT)
  uint64_t norms_per_layer = 2;     // 1 for parallel attention+MLP blocks, 4 for Gemma-2/3
  uint64_t qk_norm_params = 0;      // per layer: norms on queries and keys (Qwen3, Gemma-3)
  bool lm_head_bias = false;        // the LM head has a bias (phi-2, GPT-J)
  uint64_t embedding_proj_dim = 0;  // OPT: embeddings narrower than hidden (0: same)
  // Gemma-3n / Gemma-4 per-layer embeddings: the table of every layer's input
  // slice, its projection from the hidden state and their norm (0: none).
  uint64_t per_layer_embedding_params = 0;
  // Gemma-3n: altup_projections and altup_unembed_projections, (n - 1) h x h each.
  uint64_t altup_projection_params = 0;
  bool mla_attention = false;  // DeepSeek multi-head latent attention (see mla)
  MlaSpec mla;
  MoeSpec moe;
  AdapterSpec adapter;           // a LoRA adapter loaded with the model, if any
  CheckpointSummary checkpoint;  // checkpoint headers read with the model, if any
  QuantSpec quant;               // the config's quantization_config, if any
  // GGUF: the architecture is only sketched by metadata, so parameter counts come
  // from the stored tensors (active = stored minus the idle routed experts).
  bool params_from_checkpoint = false;
  uint64_t checkpoint_active_params = 0;
  std::vector<uint64_t> kv_heads_per_layer;  // per-layer KV heads when they vary (else empty)
  // GGUF tensor bytes by place, for llama.cpp's layer offload: blk.N.* per layer,
  // token_embd (kept in host memory by llama.cpp), and the rest (output, norms).
  std::vector<uint64_t> checkpoint_layer_bytes;
  uint64_t checkpoint_embedding_bytes = 0;
  uint64_t checkpoint_output_bytes = 0;
  std::vector<uint64_t> checkpoint_layer_expert_bytes;  // blk.N.*_exps.* (routed experts)

  // Stored in checkpoints but not learnable (buffers, duplicated tied heads, MTP
  // layers): lets the CLI report the stored-tensor count and say why it differs.
  uint64_t stored_extra_params = 0;
  uint64_t stored_extra_bytes = 0;  // their bytes when not 2 each (DeepSeek-V4's I64 tables)
  std::string stored_extra_reason;
  // FP32 parameters outside the layers (DeepSeek-V4's hc_head mixing the residual
  // streams before the head): counted in `other`.
  uint64_t head_mix_params = 0;

  // The decoder layers in order, as runs (layers.h): what parameter counts, KV
  // cache and state are summed over. Sources fill it; a spec that sets only the
  // uniform fields above (built by hand) gets uniform_layers() of them.
  std::vector<LayerSpec> layers;
  // The recurrent (SSM) state's dtype when the config fixes it (Mamba's
  // mamba_ssm_cache_dtype "float32"); absent: the model's compute dtype.
  std::optional<DType> state_dtype;
  // Multi-token-prediction (next-n) layers: stored in checkpoints, loaded by
  // runtimes only to draft tokens; not part of `total`. mtp_extra_params: their
  // projections and norms (and own embeddings / head where the family has them).
  std::vector<LayerSpec> mtp_layers;
  uint64_t mtp_extra_params = 0;
  // Vision / audio encoders and projectors of a multimodal checkpoint, counted from
  // vision_config / audio_config: part of the model the checkpoint loads.
  struct Tower {
    std::string name;  // "vision tower"
    uint64_t params = 0;
  };
  std::vector<Tower> towers;

  std::vector<std::string> notes;  // what the parser assumed or ignored, one line each
};

// One layer as the uniform fields describe it: the spec's attention (MLA when
// mla_attention), its dense MLP and norms.
LayerSpec base_layer(const ModelSpec& m);

// The layers the uniform fields describe: num_layers equal blocks of the spec's
// attention (MLA when mla_attention; per-layer KV heads from kv_heads_per_layer,
// a layer with 0 having no attention), the first sliding_window_layers windowed,
// dense MLPs first and moe.moe_layers MoE layers after them.
std::vector<LayerSpec> uniform_layers(const ModelSpec& m);

// m.layers, or uniform_layers(m) built into `scratch` when m.layers is empty.
const std::vector<LayerSpec>& layers_of(const ModelSpec& m, std::vector<LayerSpec>& scratch);

// Every text field of `m` that can come from a file (name, model_type, notes,
// reasons, checkpoint dtypes, adapter description) through printable(), with a
// name cap on names and a line cap on the rest. Each source calls it last, so no
// file's text reaches a terminal, the page or the screen-reader mirror raw.
void make_printable(ModelSpec& m);

// q_dim = heads x head_dim, kv_dim = kv_heads x head_dim (elements per token).
inline uint64_t q_dim(const ModelSpec& m) { return m.num_heads * m.head_dim; }
inline uint64_t kv_dim(const ModelSpec& m) { return m.num_kv_heads * m.head_dim; }

}  // namespace vramcalc
