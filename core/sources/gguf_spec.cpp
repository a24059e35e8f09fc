// GGUF metadata to ModelSpec. Key meanings follow llama.cpp's llama-arch.cpp;
// which layers use a sliding window is fixed per architecture in llama.cpp
// (Gemma-2 alternates, Gemma-3 keeps every sixth layer global).
#include "gguf_spec.h"

#include <algorithm>
#include <utility>

#include "checkpoint.h"
#include "gguf_mix.h"
#include "param_count.h"

namespace vramcalc {

namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// Stored values of the routed experts (merged "*_exps" tensors in llama.cpp).
uint64_t routed_expert_values(const TensorInventory& inv) {
  uint64_t n = 0;
  for (const auto& t : inv.tensors) {
    if (contains(t.name, "_exps.") || contains(t.name, "_exps")) n += t.elements;
  }
  return n;
}

}  // namespace

Result<ModelSpec> model_from_gguf(const GgufHeader& header, std::string_view name) {
  const GgufHyperparams& hp = header.hp;
  const std::string arch = header.architecture.empty() ? "unknown" : header.architecture;
  if (hp.block_count == 0 || hp.embedding_length == 0 || hp.head_count == 0) {
    ModelSpec m = model_from_checkpoint(header.inventory, "gguf", name);
    m.notes.push_back("GGUF architecture '" + arch +
                      "' has no block_count / embedding_length / head_count: weights only");
    if (auto err = check_model_bounds(m)) {
      return make_error(err->code, std::string(name) + ": " + err->message);
    }
    make_printable(m);
    return m;
  }
  // Metadata comes from the file: bound every size before it sizes anything
  // (the same limits config.json fields get).
  struct Limit {
    const char* key;
    uint64_t value, max;
  };
  const Limit limits[] = {{"block_count", hp.block_count, 1u << 14},
                          {"embedding_length", hp.embedding_length, 1u << 22},
                          {"feed_forward_length", hp.feed_forward_length, 1u << 22},
                          {"attention.head_count", hp.head_count, 1u << 16},
                          {"attention.head_count_kv", hp.head_count_kv, 1u << 16},
                          {"attention.key_length", hp.key_length, 1u << 22},
                          {"attention.value_length", hp.value_length, 1u << 22},
                          {"vocab_size", hp.vocab_size, 1u << 24},
                          {"expert_count", hp.expert_count, 1u << 16},
                          {"attention.kv_lora_rank", hp.kv_lora_rank, 1u << 22},
                          {"attention.q_lora_rank", hp.q_lora_rank, 1u << 22},
                          {"rope.dimension_count", hp.rope_dimension_count, 1u << 22}};
  for (const Limit& l : limits) {
    if (l.value > l.max) {
      return make_error(ErrorCode::kInvalidField, std::string(name) + ": key '" + arch + "." +
                                                      l.key + "' is " + std::to_string(l.value) +
                                                      ", over the limit " + std::to_string(l.max));
    }
  }
  ModelSpec m;
  m.name = std::string(name);
  m.model_type = arch;
  m.kind = ModelKind::kDecoder;
  m.vocab_size = hp.vocab_size;
  m.hidden_size = hp.embedding_length;
  m.num_layers = hp.block_count;
  m.num_heads = hp.head_count;
  m.num_kv_heads = hp.head_count_kv ? hp.head_count_kv : hp.head_count;
  m.head_dim = hp.key_length ? hp.key_length : hp.embedding_length / hp.head_count;
  m.intermediate_size = hp.feed_forward_length;
  m.max_position_embeddings = hp.context_length;
  m.gated_mlp = true;
  if (!hp.head_count_kv_per_layer.empty()) {
    const auto& per = hp.head_count_kv_per_layer;
    if (!std::all_of(per.begin(), per.end(), [&](uint64_t v) { return v == per.front(); })) {
      m.kv_heads_per_layer = per;
    }
  }
  if (hp.sliding_window > 0) {
    m.sliding_window = hp.sliding_window;
    if (arch == "gemma2") {
      m.sliding_window_layers = (m.num_layers + 1) / 2;
    } else if (arch == "gemma3") {
      m.sliding_window_layers = m.num_layers - m.num_layers / 6;
    } else {
      m.sliding_window_layers = m.num_layers;
    }
  }
  if (hp.kv_lora_rank > 0) {
    m.mla_attention = true;
    m.mla.kv_lora_rank = hp.kv_lora_rank;
    m.mla.q_lora_rank = hp.q_lora_rank;
    m.mla.qk_rope_head_dim = hp.rope_dimension_count;
    m.mla.qk_nope_head_dim =
        m.head_dim > hp.rope_dimension_count ? m.head_dim - hp.rope_dimension_count : 0;
    m.mla.v_head_dim = hp.value_length;
  }
  m.checkpoint = summarize_checkpoint(header.inventory, "gguf");
  GgufPlaces places = gguf_bytes_by_place(header.inventory, m.num_layers);
  m.checkpoint_layer_bytes = std::move(places.layer_bytes);
  m.checkpoint_layer_expert_bytes = std::move(places.expert_bytes);
  m.checkpoint_embedding_bytes = places.embedding;
  m.checkpoint_output_bytes = places.other;
  m.params_from_checkpoint = true;
  m.checkpoint_active_params = m.checkpoint.params;
  if (hp.expert_count > 0 && hp.expert_used_count > 0 && hp.expert_used_count <= hp.expert_count) {
    m.moe.num_experts = hp.expert_count;
    m.moe.experts_per_token = hp.expert_used_count;
    m.moe.moe_layers = m.num_layers - std::min(m.num_layers, hp.leading_dense_block_count);
    const uint64_t routed = routed_expert_values(header.inventory);
    m.checkpoint_active_params -=
        routed / hp.expert_count * (hp.expert_count - hp.expert_used_count);
  }
  m.notes.push_back("GGUF " + arch + ": parameters and weight bytes from the stored tensors (" +
                    m.checkpoint.dtypes + ")");
  if (auto err = check_model_bounds(m)) {
    return make_error(err->code, std::string(name) + ": " + err->message);
  }
  make_printable(m);
  return m;
}

}  // namespace vramcalc
