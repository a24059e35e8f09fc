// ModelSpec: what the estimator knows about a model's architecture. Filled from a
// config.json (config_parser.h), a preset (presets.h) or a bare parameter count
// (model_source.h). All sizes are element counts, not bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vramcalc {

enum class ModelKind {
  kParamsOnly,  // only a total parameter count is known (e.g. "7b"): no architecture
  kDecoder,     // decoder-only causal LM (llama, mistral, qwen2, gpt2, ...)
  kEncoder,     // bidirectional encoder (bert, roberta): no KV cache when serving
};

enum class NormKind { kLayerNorm, kRMSNorm };

struct ModelSpec {
  std::string name;        // display name, e.g. "Llama-3.1-8B" or the file name
  std::string model_type;  // config.json model_type ("llama", "bert"); "params" if bare
  ModelKind kind = ModelKind::kParamsOnly;
  uint64_t bare_params = 0;  // parameters, only for kParamsOnly

  uint64_t vocab_size = 0;         // tokens in the embedding table
  uint64_t hidden_size = 0;        // model width (d_model)
  uint64_t num_layers = 0;         // transformer blocks
  uint64_t num_heads = 0;          // query heads per layer
  uint64_t num_kv_heads = 0;       // key/value heads (GQA: < num_heads; MQA: 1)
  uint64_t head_dim = 0;           // width of one head (usually hidden / heads)
  uint64_t intermediate_size = 0;  // MLP inner width
  uint64_t max_position_embeddings = 0;  // context length the model was trained for
  uint64_t learned_position_rows = 0;    // rows of a learned position table (0: rotary)
  uint64_t type_vocab_size = 0;          // BERT token-type embeddings (0: none)
  uint64_t sliding_window = 0;           // attention window in tokens (0: full)

  bool gated_mlp = false;        // SwiGLU/GeGLU: gate, up and down matrices
  bool tied_embeddings = false;  // output head shares the input embedding matrix
  bool has_lm_head = true;       // decoder LM head (BertModel has none)
  bool qkv_bias = false;         // biases on the Q, K and V projections
  bool attn_out_bias = false;    // bias on the attention output projection
  bool mlp_bias = false;         // biases on the MLP matrices
  NormKind norm = NormKind::kRMSNorm;
  bool norm_bias = false;        // LayerNorm with a bias vector
  bool embedding_norm = false;   // a norm right after the embeddings (BERT)
  bool final_norm = true;        // a norm after the last block
  bool has_pooler = false;       // BERT pooler: dense h x h + bias
  bool has_dropout = false;      // training keeps dropout masks (GPT-2, BERT)

  std::vector<std::string> notes;  // what the parser assumed or ignored, one line each
};

// q_dim = heads x head_dim, kv_dim = kv_heads x head_dim (elements per token).
inline uint64_t q_dim(const ModelSpec& m) { return m.num_heads * m.head_dim; }
inline uint64_t kv_dim(const ModelSpec& m) { return m.num_kv_heads * m.head_dim; }

}  // namespace vramcalc
