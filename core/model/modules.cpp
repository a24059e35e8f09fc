// Module names per family, from the Hugging Face implementations
// (transformers/models/<family>/modeling_<family>.py attribute names).
#include "modules.h"

#include "param_count.h"

namespace vramcalc {

namespace {

bool is_type(const ModelSpec& m, std::initializer_list<const char*> types) {
  for (const char* t : types) {
    if (m.model_type == t) return true;
  }
  return false;
}

struct Builder {
  std::vector<Module> out;
  void add(const std::string& path, uint64_t in, uint64_t o, bool bias, uint64_t layers,
           uint64_t experts = 1) {
    Module mod;
    mod.path = path;
    mod.in = in;
    mod.out = o;
    mod.bias = bias;
    mod.layers = layers;
    mod.experts = experts;
    out.push_back(mod);
  }
  void embedding(const std::string& path, uint64_t rows, uint64_t width) {
    add(path, rows, width, false, 1);
    out.back().linear = false;
  }
  void head(const std::string& path, const ModelSpec& m, uint64_t width) {
    if (!m.has_lm_head) return;
    add(path, width, m.vocab_size, m.lm_head_bias, 1);
    out.back().output_layer = true;
  }
};

// MLP of width f under `prefix` with the family's names for gate/up/down.
void mlp(Builder& b, const ModelSpec& m, const std::string& prefix, uint64_t f, uint64_t layers,
         uint64_t experts, const char* gate, const char* up, const char* down) {
  const uint64_t h = m.hidden_size;
  if (m.gated_mlp) b.add(prefix + gate, h, f, m.mlp_bias, layers, experts);
  b.add(prefix + up, h, f, m.mlp_bias, layers, experts);
  b.add(prefix + down, f, h, m.mlp_bias, layers, experts);
}

void llama_like(Builder& b, const ModelSpec& m) {
  const uint64_t h = m.hidden_size, L = m.num_layers;
  const std::string layer = "model.layers.{L}.";
  b.embedding("model.embed_tokens", m.vocab_size, h);
  if (m.mla_attention) {
    const MlaSpec& a = m.mla;
    const uint64_t qk = m.num_heads * (a.qk_nope_head_dim + a.qk_rope_head_dim);
    if (a.q_lora_rank) {
      b.add(layer + "self_attn.q_a_proj", h, a.q_lora_rank, false, L);
      b.add(layer + "self_attn.q_b_proj", a.q_lora_rank, qk, false, L);
    } else {
      b.add(layer + "self_attn.q_proj", h, qk, false, L);
    }
    b.add(layer + "self_attn.kv_a_proj_with_mqa", h, a.kv_lora_rank + a.qk_rope_head_dim, false, L);
    b.add(layer + "self_attn.kv_b_proj", a.kv_lora_rank,
          m.num_heads * (a.qk_nope_head_dim + a.v_head_dim), false, L);
    b.add(layer + "self_attn.o_proj", m.num_heads * a.v_head_dim, h, false, L);
  } else if (is_type(m, {"phi3"})) {
    b.add(layer + "self_attn.qkv_proj", h, q_dim(m) + 2 * kv_dim(m), false, L);
    b.add(layer + "self_attn.o_proj", q_dim(m), h, false, L);
  } else if (is_type(m, {"internlm2"})) {
    b.add("model.layers.{L}.attention.wqkv", h, q_dim(m) + 2 * kv_dim(m), m.qkv_bias, L);
    b.add("model.layers.{L}.attention.wo", q_dim(m), h, m.attn_out_bias, L);
  } else {
    b.add(layer + "self_attn.q_proj", h, q_dim(m), m.qkv_bias, L);
    b.add(layer + "self_attn.k_proj", h, kv_dim(m), m.qkv_bias, L);
    b.add(layer + "self_attn.v_proj", h, kv_dim(m), m.qkv_bias, L);
    b.add(layer + (is_type(m, {"phi"}) ? "self_attn.dense" : "self_attn.o_proj"), q_dim(m), h,
          m.attn_out_bias, L);
  }
  const MoeSpec& e = m.moe;
  const uint64_t dense = L - e.moe_layers;
  if (is_type(m, {"phi3"})) {
    b.add(layer + "mlp.gate_up_proj", h, 2 * m.intermediate_size, false, L);
    b.add(layer + "mlp.down_proj", m.intermediate_size, h, false, L);
  } else if (is_type(m, {"internlm2"})) {
    mlp(b, m, "model.layers.{L}.feed_forward.", m.intermediate_size, L, 1, "w1", "w3", "w2");
  } else if (is_type(m, {"phi"})) {
    mlp(b, m, layer + "mlp.", m.intermediate_size, L, 1, "", "fc1", "fc2");
  } else if (is_type(m, {"starcoder2"})) {
    mlp(b, m, layer + "mlp.", m.intermediate_size, L, 1, "", "c_fc", "c_proj");
  } else if (is_type(m, {"mixtral"})) {
    mlp(b, m, layer + "block_sparse_moe.experts.{E}.", e.expert_intermediate, e.moe_layers,
        e.num_experts, "w1", "w3", "w2");
    b.add(layer + "block_sparse_moe.gate", h, e.num_experts, false, e.moe_layers);
  } else {
    if (dense)
      mlp(b, m, layer + "mlp.", m.intermediate_size, dense, 1, "gate_proj", "up_proj", "down_proj");
    if (e.moe_layers) {
      mlp(b, m, layer + "mlp.experts.{E}.", e.expert_intermediate, e.moe_layers, e.num_experts,
          "gate_proj", "up_proj", "down_proj");
      const bool deepseek = m.mla_attention;
      if (e.shared_intermediate) {
        mlp(b, m, layer + (deepseek ? "mlp.shared_experts." : "mlp.shared_expert."),
            e.shared_intermediate, e.moe_layers, 1, "gate_proj", "up_proj", "down_proj");
      }
      // DeepSeek's router is a bare parameter (MoEGate.weight), not an nn.Linear.
      b.add(layer + "mlp.gate", h, e.num_experts, false, e.moe_layers);
      b.out.back().linear = !deepseek;
      if (e.shared_expert_gate) b.add(layer + "mlp.shared_expert_gate", h, 1, false, e.moe_layers);
    }
  }
  b.head(is_type(m, {"internlm2"}) ? "output" : "lm_head", m, h);
}

// Families whose blocks live under transformer.h / gpt_neox.layers / encoder.layer.
void classic(Builder& b, const ModelSpec& m) {
  const uint64_t h = m.hidden_size, L = m.num_layers, f = m.intermediate_size;
  const uint64_t q = q_dim(m), kv = kv_dim(m);
  if (is_type(m, {"gpt2"})) {
    b.embedding("transformer.wte", m.vocab_size, h);
    b.embedding("transformer.wpe", m.learned_position_rows, h);
    b.add("transformer.h.{L}.attn.c_attn", h, 3 * h, true, L);
    b.add("transformer.h.{L}.attn.c_proj", h, h, true, L);
    b.add("transformer.h.{L}.mlp.c_fc", h, f, true, L);
    b.add("transformer.h.{L}.mlp.c_proj", f, h, true, L);
    b.head("lm_head", m, h);
  } else if (is_type(m, {"gpt_neox"})) {
    b.embedding("gpt_neox.embed_in", m.vocab_size, h);
    b.add("gpt_neox.layers.{L}.attention.query_key_value", h, q + 2 * kv, m.qkv_bias, L);
    b.add("gpt_neox.layers.{L}.attention.dense", q, h, m.attn_out_bias, L);
    b.add("gpt_neox.layers.{L}.mlp.dense_h_to_4h", h, f, m.mlp_bias, L);
    b.add("gpt_neox.layers.{L}.mlp.dense_4h_to_h", f, h, m.mlp_bias, L);
    b.head("embed_out", m, h);
  } else if (is_type(m, {"falcon", "RefinedWebModel", "RefinedWeb", "bloom"})) {
    const std::string attn = "transformer.h.{L}.self_attention.";
    b.embedding("transformer.word_embeddings", m.vocab_size, h);
    b.add(attn + "query_key_value", h, q + 2 * kv, m.qkv_bias, L);
    b.add(attn + "dense", q, h, m.attn_out_bias, L);
    b.add("transformer.h.{L}.mlp.dense_h_to_4h", h, f, m.mlp_bias, L);
    b.add("transformer.h.{L}.mlp.dense_4h_to_h", f, h, m.mlp_bias, L);
    b.head("lm_head", m, h);
  } else if (is_type(m, {"gptj"})) {
    b.embedding("transformer.wte", m.vocab_size, h);
    for (const char* p : {"q_proj", "k_proj", "v_proj"}) {
      b.add(std::string("transformer.h.{L}.attn.") + p, h, h, false, L);
    }
    b.add("transformer.h.{L}.attn.out_proj", h, h, false, L);
    b.add("transformer.h.{L}.mlp.fc_in", h, f, true, L);
    b.add("transformer.h.{L}.mlp.fc_out", f, h, true, L);
    b.head("lm_head", m, h);
  } else if (is_type(m, {"opt"})) {
    const uint64_t w = m.embedding_proj_dim ? m.embedding_proj_dim : h;
    const std::string layer = "model.decoder.layers.{L}.";
    b.embedding("model.decoder.embed_tokens", m.vocab_size, w);
    b.embedding("model.decoder.embed_positions", m.learned_position_rows, h);
    if (m.embedding_proj_dim) {
      b.add("model.decoder.project_in", w, h, false, 1);
      b.add("model.decoder.project_out", h, w, false, 1);
    }
    for (const char* p : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      b.add(layer + "self_attn." + p, h, h, m.qkv_bias, L);
    }
    b.add(layer + "fc1", h, f, m.mlp_bias, L);
    b.add(layer + "fc2", f, h, m.mlp_bias, L);
    b.head("lm_head", m, w);
  } else {  // bert, roberta (base model names)
    const std::string layer = "encoder.layer.{L}.";
    b.embedding("embeddings.word_embeddings", m.vocab_size, h);
    b.embedding("embeddings.position_embeddings", m.learned_position_rows, h);
    if (m.type_vocab_size) b.embedding("embeddings.token_type_embeddings", m.type_vocab_size, h);
    for (const char* p : {"query", "key", "value"}) {
      b.add(layer + "attention.self." + p, h, h, true, L);
    }
    b.add(layer + "attention.output.dense", h, h, true, L);
    b.add(layer + "intermediate.dense", h, f, true, L);
    b.add(layer + "output.dense", f, h, true, L);
    if (m.has_pooler) b.add("pooler.dense", h, h, true, 1);
  }
}

}  // namespace

std::vector<Module> model_modules(const ModelSpec& m) {
  Builder b;
  if (m.kind == ModelKind::kParamsOnly) return b.out;
  if (is_type(m, {"gpt2", "gpt_neox", "falcon", "RefinedWebModel", "RefinedWeb", "bloom", "gptj",
                  "opt", "bert", "roberta"})) {
    classic(b, m);
  } else {
    llama_like(b, m);
  }
  return b.out;
}

std::string module_name(const Module& m, uint64_t layer, uint64_t expert) {
  std::string s = m.path;
  const auto replace = [&s](const std::string& key, uint64_t v) {
    const auto at = s.find(key);
    if (at != std::string::npos) s.replace(at, key.size(), std::to_string(v));
  };
  replace("{L}", layer);
  replace("{E}", expert);
  return s;
}

}  // namespace vramcalc
