// The per-layer architecture: a model is a list of decoder layers (runs of equal
// layers), each a token mixer (attention of some span, latent attention, a linear
// recurrence or nothing) followed by a channel mixer (dense MLP, mixture of
// experts or nothing). Parameter counts, KV cache and recurrent state are summed
// over this list, so hybrids (Mamba-2 or Gated DeltaNet beside attention),
// per-layer windows and head shapes, and mixed dense/MoE stacks need no flags.
#pragma once

#include <cstdint>
#include <vector>

namespace vramcalc {

enum class Mixer : uint8_t {
  kAttention,            // softmax attention over cached K and V (see Attention::span)
  kLatentAttention,      // DeepSeek multi-head latent attention (MLA), optional DSA indexer
  kDeltaNet,             // Gated DeltaNet linear attention (Qwen3-Next / Qwen3.5)
  kMamba,                // Mamba-1 / Mamba-2 selective state space
  kNone,                 // no token mixer (an MLP-only block, a DeciLM no-op)
  kLinear,               // one hidden x hidden matrix in place of attention (DeciLM)
  kCompressedAttention,  // DeepSeek-V4: one latent KV head, a sliding ring + compressed entries
};

enum class Span : uint8_t {
  kFull,     // every token of the sequence
  kSliding,  // the last `window` tokens
  kChunked,  // tokens of the current `window`-sized chunk (Llama-4)
};

// Softmax attention with its own head geometry.
struct AttentionSpec {
  uint64_t q_heads = 0;
  uint64_t kv_heads = 0;
  uint64_t head_dim = 0;    // width of a query/key head
  uint64_t v_head_dim = 0;  // width of a value head (0: head_dim)
  Span span = Span::kFull;
  uint64_t window = 0;       // tokens, for kSliding / kChunked
  bool qkv_bias = false;     // biases on Q, K, V
  bool out_bias = false;     // bias on the output projection
  bool output_gate = false;  // q_proj twice as wide: a sigmoid gate on the output (Qwen3-Next)
  bool sinks = false;        // one learned sink logit per query head (gpt-oss)
  bool head_gate = false;    // g_proj h -> heads: a sigmoid gate per head on the output (Step-3.7)
  bool k_eq_v = false;       // no v_proj: values are the keys (Gemma-4 global layers)
  uint64_t qk_norm = 0;      // parameters of the norms on queries and keys
  bool shares_kv = false;    // reuses an earlier layer's cache: no KV of its own (Gemma-3n)
  bool kv_proj_unused = false;  // shares_kv, yet k_proj and v_proj are stored (Gemma-3n)
};

// Multi-head latent attention: low-rank Q and a compressed, cached KV latent.
struct MlaSpec {
  uint64_t q_lora_rank = 0;       // 0: plain q_proj (no low-rank query)
  uint64_t kv_lora_rank = 0;      // width of the cached KV latent
  uint64_t qk_rope_head_dim = 0;  // rotary part of each query/key head (key part shared)
  uint64_t qk_nope_head_dim = 0;  // non-rotary part of each query/key head
  uint64_t v_head_dim = 0;        // width of each value head
  // DeepSeek Sparse Attention's lightning indexer (V3.2, GLM-5): 0 heads when absent.
  uint64_t index_heads = 0;
  uint64_t index_head_dim = 0;
  uint64_t heads = 0;  // attention heads
};

// DeepSeek-V4 attention: low-rank queries, one shared KV head of head_dim, a
// grouped low-rank output, a sliding ring of `window` entries and, with ratio r > 0,
// one compressed entry per r tokens (a compressor with its own state; r = 4 adds
// the lightning indexer over compressed keys).
struct CsaSpec {
  uint64_t heads = 0;
  uint64_t head_dim = 0;
  uint64_t q_lora_rank = 0;
  uint64_t o_lora_rank = 0;
  uint64_t o_groups = 1;
  uint64_t ratio = 0;   // compress_ratios[layer]: 0 (ring only), 4 or 128
  uint64_t window = 0;  // sliding_window
  uint64_t index_heads = 0;
  uint64_t index_head_dim = 0;
};

// Gated DeltaNet: a per-head key x value recurrent matrix and a short causal conv.
struct DeltaNetSpec {
  uint64_t key_heads = 0;
  uint64_t value_heads = 0;
  uint64_t key_head_dim = 0;
  uint64_t value_head_dim = 0;
  uint64_t conv_kernel = 0;
};

// Mamba selective state space: version 2 has heads x head_dim channels with
// grouped B/C; version 1 has d_inner channels with a dt_rank projection.
struct MambaSpec {
  uint8_t version = 2;
  uint64_t heads = 0;       // Mamba-2 heads (version 1: 0)
  uint64_t head_dim = 0;    // Mamba-2 channels per head
  uint64_t inner = 0;       // channels: heads x head_dim (v2) or d_inner (v1)
  uint64_t state_size = 0;  // N
  uint64_t groups = 1;      // Mamba-2 groups sharing B and C
  uint64_t conv_kernel = 4;
  uint64_t dt_rank = 0;  // Mamba-1 only
  bool conv_bias = true;
  bool proj_bias = false;      // in_proj bias
  bool out_proj_bias = false;  // out_proj bias (Falcon-H1: projectors_bias)
  bool gated_norm = true;      // Mamba-2 RMSNormGated over `inner` before out_proj
  bool dt_bc_norms = false;    // Mamba-1 RMSNorms on dt (dt_rank), B and C (N each): Jamba
};

enum class Ffn : uint8_t {
  kDense,
  kMoe,
  kNone,
  kLinear,  // one hidden x hidden matrix in place of the MLP (DeciLM)
};

// A mixture of experts replacing (or beside) the dense MLP of a layer.
struct MoeShape {
  uint64_t experts = 0;             // routed experts
  uint64_t top_k = 0;               // routed experts each token uses
  uint64_t expert_width = 0;        // MLP width of one routed expert
  uint64_t shared_width = 0;        // total MLP width of the always-on shared expert(s)
  bool shared_gate = false;         // Qwen-MoE: sigmoid gate h -> 1 on the shared expert
  bool router_bias = false;         // a per-expert score-correction vector (DeepSeek-V3 noaux_tc)
  bool router_linear_bias = false;  // the router Linear has a bias (gpt-oss)
  bool expert_bias = false;         // every expert matrix has a bias (gpt-oss)
  uint64_t latent_width = 0;   // experts work in a narrower latent, projected in and out (0: none)
  bool router_scales = false;  // a hidden-width input scale and a per-expert output scale (Gemma-4)
};

struct LayerSpec {
  Mixer mixer = Mixer::kAttention;
  AttentionSpec attn;  // for kAttention
  MlaSpec mla;         // for kLatentAttention
  DeltaNetSpec gdn;    // for kDeltaNet
  CsaSpec csa;         // for kCompressedAttention
  MambaSpec mamba;     // for kMamba, and beside the attention with mamba_beside
  // Falcon-H1: a Mamba-2 mixer in parallel with the attention (kAttention) of the
  // same layer; its parameters and recurrent state add to the attention's.
  bool mamba_beside = false;
  Ffn ffn = Ffn::kDense;
  uint64_t ffn_width = 0;  // dense MLP inner width
  bool gated = true;       // gate, up and down matrices (SwiGLU/GeGLU); false: up and down
  bool ffn_bias = false;   // biases on the MLP / expert matrices
  MoeShape moe;            // for kMoe
  uint64_t norms = 2;      // hidden-width norm vectors of the layer (pre/post norms)
  // Gemma-3n / Gemma-4 per-layer inputs: width of the per-layer embedding slice the
  // layer mixes in (a gate h -> w, a projection w -> h and a norm); 0: none.
  uint64_t per_layer_input = 0;
  // DeepSeek-V4 hyper-connections: hc_mult residual streams mixed before attention
  // and MLP by FP32 weights; 0: a plain residual.
  uint64_t hyper_connections = 0;
  // MTP layers: a Linear (input_proj x hidden) -> hidden in front of the block
  // (DeepSeek-V4's e_proj and h_proj, stored like the block's Linears); 0: none.
  uint64_t input_proj = 0;
  // Gemma-3n: AltUp over `altup_inputs` copies of the hidden state (router, norm,
  // prediction and correction coefficients, output scale) and LAuReL's rank-
  // `laurel_rank` residual (two Linears and a norm); 0: none.
  uint64_t altup_inputs = 0;
  uint64_t laurel_rank = 0;
  uint64_t repeat = 1;  // consecutive identical layers this run stands for
};

bool same_layer(const LayerSpec& a, const LayerSpec& b);  // equal but for `repeat`

// Appends `layer` to `runs`, merging it into the last run when equal.
void append_layer(std::vector<LayerSpec>& runs, const LayerSpec& layer);

// Layers the runs stand for (the sum of `repeat`).
uint64_t layer_count(const std::vector<LayerSpec>& runs);

// The layer at `index` (0-based) of the runs; nullptr past the end.
const LayerSpec* layer_at(const std::vector<LayerSpec>& runs, uint64_t index);

}  // namespace vramcalc
