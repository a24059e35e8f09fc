// llama-quantize's per-tensor types. The rules are llama_tensor_get_type and
// llama_model_quantize_impl of llama.cpp ec98e2002 (Dec 2025; vendored in
// ollama/ollama@f63eea3d273816ffc27fbeb0662ab44d236abc45, llama/llama.cpp/src/
// llama-quant.cpp), ported from docs/research/runtimes/gguf_size.py, which
// reproduces 76 published GGUF sizes (mean |error| 0.16%). The tensor list is
// built from the per-layer model with convert_hf_to_gguf's names and shapes.
#include "gguf_mix.h"

#include <algorithm>
#include <cctype>

#include "ggml_types.h"
#include "gguf_quant_rules.h"
#include "layer_params.h"

namespace vramcalc {

namespace {

// clang-format off
const std::vector<GgufFileType> kFileTypes = {
    {"F32", "F32", "F32", false},        {"F16", "F16", "F16", false},
    {"BF16", "BF16", "BF16", false},     {"Q8_0", "Q8_0", "Q8_0", false},
    {"Q4_0", "Q4_0", "Q4_0", false},     {"Q4_1", "Q4_1", "Q4_1", false},
    {"Q5_0", "Q5_0", "Q5_0", false},     {"Q5_1", "Q5_1", "Q5_1", false},
    {"MXFP4_MOE", "MXFP4", "MXFP4_MOE", false},
    {"Q2_K", "Q2_K", "Q2_K", false},     {"Q2_K_S", "Q2_K", "Q2_K_S", false},
    {"Q3_K_S", "Q3_K", "Q3_K_S", false}, {"Q3_K_M", "Q3_K", "Q3_K_M", false},
    {"Q3_K_L", "Q3_K", "Q3_K_L", false}, {"Q4_K_S", "Q4_K", "Q4_K_S", false},
    {"Q4_K_M", "Q4_K", "Q4_K_M", false}, {"Q5_K_S", "Q5_K", "Q5_K_S", false},
    {"Q5_K_M", "Q5_K", "Q5_K_M", false}, {"Q6_K", "Q6_K", "Q6_K", false},
    {"TQ1_0", "TQ1_0", "TQ1_0", false},  {"TQ2_0", "TQ2_0", "TQ2_0", false},
    {"IQ1_S", "IQ1_S", "IQ1_S", false},  {"IQ1_M", "IQ1_M", "IQ1_M", false},
    {"IQ2_XXS", "IQ2_XXS", "IQ2_XXS", false}, {"IQ2_XS", "IQ2_XS", "IQ2_XS", false},
    {"IQ2_S", "IQ2_XS", "IQ2_S", false}, {"IQ2_M", "IQ2_S", "IQ2_M", false},
    {"IQ3_XXS", "IQ3_XXS", "IQ3_XXS", false}, {"IQ3_XS", "IQ3_S", "IQ3_XS", false},
    {"IQ3_S", "IQ3_S", "IQ3_S", false},  {"IQ3_M", "IQ3_S", "IQ3_M", false},
    {"IQ4_NL", "IQ4_NL", "IQ4_NL", false}, {"IQ4_XS", "IQ4_XS", "IQ4_XS", false},
    // bartowski's names: the base file type with embeddings and output at Q8_0.
    {"Q6_K_L", "Q6_K", "Q6_K", true},    {"Q5_K_L", "Q5_K", "Q5_K_M", true},
    {"Q4_K_L", "Q4_K", "Q4_K_M", true},  {"Q3_K_XL", "Q3_K", "Q3_K_L", true},
    {"Q2_K_L", "Q2_K", "Q2_K", true},
    // ARM-repacked Q4_0 (removed late 2024): Q4_0-sized tensors, a Q6_K output, no
    // imatrix rule (inferred from published sizes, llama_quant.md).
    {"Q4_0_4_4", "Q4_0", "Q4_0_X", false}, {"Q4_0_4_8", "Q4_0", "Q4_0_X", false},
    {"Q4_0_8_8", "Q4_0", "Q4_0_X", false},
};
// clang-format on

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

struct Builder {
  std::vector<QuantTensor>& out;
  int64_t layer;
  void mat(const std::string& n, uint64_t ne0, uint64_t rows, uint64_t copies = 1) {
    if (ne0 && rows && copies)
      out.push_back({prefix() + n + ".weight", layer, ne0, rows * copies, true});
  }
  void vec(const std::string& n, uint64_t size) {
    if (size) out.push_back({prefix() + n, layer, size, 1, false});
  }
  std::string prefix() const { return layer < 0 ? "" : "blk." + std::to_string(layer) + "."; }
};

void attention_tensors(const ModelSpec& m, const LayerSpec& l, bool fused, Builder& b) {
  const uint64_t E = m.hidden_size;
  const AttentionSpec& a = l.attn;
  const uint64_t vd = a.v_head_dim ? a.v_head_dim : a.head_dim;
  const uint64_t q = a.q_heads * a.head_dim * (a.output_gate ? 2 : 1);
  const uint64_t k = a.kv_heads * a.head_dim, v = a.k_eq_v ? 0 : a.kv_heads * vd;
  if (fused) {
    b.mat("attn_qkv", E, q + k + v);
  } else {
    b.mat("attn_q", E, q);
    b.mat("attn_k", E, k);
    b.mat("attn_v", E, v);
  }
  if (a.qkv_bias) b.vec("attn_qkv.bias", q + k + v);
  b.vec("attn_qk_norm.weight", a.qk_norm);
  b.mat("attn_output", a.q_heads * vd, E);
  if (a.out_bias) b.vec("attn_output.bias", E);
  if (a.sinks) b.vec("attn_sinks.weight", a.q_heads);
}

void latent_tensors(const ModelSpec& m, const MlaSpec& a, Builder& b) {
  const uint64_t E = m.hidden_size, qk = a.qk_nope_head_dim + a.qk_rope_head_dim;
  if (a.q_lora_rank) {
    b.mat("attn_q_a", E, a.q_lora_rank);
    b.mat("attn_q_b", a.q_lora_rank, a.heads * qk);
    b.vec("attn_q_a_norm.weight", a.q_lora_rank);
  } else {
    b.mat("attn_q", E, a.heads * qk);
  }
  b.mat("attn_kv_a_mqa", E, a.kv_lora_rank + a.qk_rope_head_dim);
  b.vec("attn_kv_a_norm.weight", a.kv_lora_rank);
  b.mat("attn_kv_b", a.kv_lora_rank, a.heads * (a.qk_nope_head_dim + a.v_head_dim));
  b.mat("attn_output", a.heads * a.v_head_dim, E);
  if (a.index_heads) {  // DSA indexer
    b.mat("indexer.attn_q_b", a.q_lora_rank, a.index_heads * a.index_head_dim);
    b.mat("indexer.attn_k", E, a.index_head_dim);
    b.mat("indexer.proj", E, a.index_heads);
  }
}

// Mamba / DeltaNet mixers from the layer's pieces: matrices keep the default type,
// conv kernels and vectors stay F32 (llama-quant.cpp skips ssm_conv1d).
void recurrent_tensors(const ModelSpec& m, const LayerSpec& l, Builder& b) {
  Piece pieces[kMaxPieces];
  const int n = layer_pieces(m, l, pieces);
  for (int i = 0; i < n; ++i) {
    const Piece& p = pieces[i];
    if (p.part != Part::kRecurrent) continue;
    const std::string name = "ssm_" + std::to_string(i);
    if (p.linear) {
      b.mat(name, p.cols, p.rows, p.copies);
    } else {
      b.vec(name + ".weight", p.rows * p.cols * p.copies);
    }
  }
}

void ffn_tensors(const ModelSpec& m, const LayerSpec& l, bool fused, Builder& b) {
  const uint64_t E = m.hidden_size;
  auto mlp = [&](const std::string& suffix, uint64_t f, uint64_t copies) {
    if (fused && suffix.empty()) {
      b.mat("ffn_up", E, f * (l.gated ? 2 : 1));
    } else {
      if (l.gated) b.mat("ffn_gate" + suffix, E, f, copies);
      b.mat("ffn_up" + suffix, E, f, copies);
    }
    b.mat("ffn_down" + suffix, f, E, copies);
    if (l.ffn_bias) b.vec("ffn_bias" + suffix, (2 * f + E) * copies);
  };
  if (l.ffn == Ffn::kDense) return mlp("", l.ffn_width, 1);
  if (l.ffn == Ffn::kLinear) return b.mat("ffn_linear", E, E);
  if (l.ffn != Ffn::kMoe) return;
  const MoeShape& e = l.moe;
  b.vec("ffn_gate_inp.weight", E * e.experts);  // the router stays F32
  if (e.router_bias) b.vec("exp_probs_b.bias", e.experts);
  if (e.shared_gate) b.vec("ffn_gate_inp_shexp.weight", E);
  if (l.ffn_width) mlp("", l.ffn_width, 1);
  if (e.shared_width) mlp("_shexp", e.shared_width, 1);
  mlp("_exps", e.expert_width, e.experts);
}

QuantModel build(const ModelSpec& m) {
  QuantModel r;
  r.arch = m.model_type;
  r.n_layer = m.num_layers;
  r.gqa = m.num_kv_heads ? std::max<uint64_t>(1, m.num_heads / m.num_kv_heads) : 1;
  // LLM_TYPE_70B (llama-model.cpp): llama with 80 layers and GQA, any 80-layer qwen2.
  r.is70b = m.num_layers == 80 &&
            ((r.arch == "llama" && m.num_heads != m.num_kv_heads) || r.arch == "qwen2");
  const bool fused = r.arch == "phi3";  // Phi-3 stores qkv_proj and gate_up_proj fused
  const uint64_t E = m.hidden_size, V = m.vocab_size;
  Builder top{r.tensors, -1};
  top.mat("token_embd", E, V);
  if (m.learned_position_rows) top.mat("position_embd", E, m.learned_position_rows);
  if (m.final_norm) top.vec("output_norm.weight", E);
  if (m.has_lm_head && !m.tied_embeddings) top.mat("output", E, V);
  std::vector<LayerSpec> scratch;
  int64_t index = 0;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    if (l.ffn == Ffn::kMoe) r.n_expert = std::max(r.n_expert, l.moe.experts);
    for (uint64_t k = 0; k < l.repeat; ++k, ++index) {
      Builder b{r.tensors, index};
      for (uint64_t n = 0; n < l.norms; ++n) b.vec("norm_" + std::to_string(n) + ".weight", E);
      if (l.mixer == Mixer::kAttention) attention_tensors(m, l, fused, b);
      if (l.mixer == Mixer::kLatentAttention) latent_tensors(m, l.mla, b);
      if (l.mixer == Mixer::kDeltaNet || l.mixer == Mixer::kMamba) recurrent_tensors(m, l, b);
      if (l.mixer == Mixer::kLinear) b.mat("attn_linear", E, E);
      ffn_tensors(m, l, fused, b);
    }
  }
  // weights_map order: non-block tensors first, then by block, each by name.
  std::stable_sort(r.tensors.begin(), r.tensors.end(),
                   [](const QuantTensor& a, const QuantTensor& b) {
                     return a.layer != b.layer ? a.layer < b.layer : a.name < b.name;
                   });
  return r;
}

}  // namespace

const std::vector<GgufFileType>& gguf_file_types() { return kFileTypes; }

const GgufFileType* find_gguf_file_type(const std::string& name) {
  std::string up = name;
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const GgufFileType& t : kFileTypes) {
    if (up == t.name) return &t;
  }
  return nullptr;
}

TensorInventory gguf_quant_mix(const ModelSpec& m, const GgufFileType& ft, bool imatrix) {
  const QuantModel model = build(m);
  QuantState s;
  s.imatrix = imatrix;
  for (const QuantTensor& t : model.tensors) {
    if (has(t.name, "attn_v.weight") || has(t.name, "attn_qkv.weight") ||
        has(t.name, "attn_kv_b.weight")) {
      ++s.n_attention_wv;
    }
    if (t.name == "output.weight") s.has_output = true;
  }
  TensorInventory inv;
  for (const QuantTensor& t : model.tensors) {
    std::string type = "F32";
    if (t.matrix) type = quant_tensor_type(model, s, ft, t);
    const GgmlType* g = find_ggml_type_named(type);
    TensorInfo info{
        t.name, g->name, {t.ne0, t.rows}, t.ne0 * t.rows, ggml_row_bytes(*g, t.ne0) * t.rows};
    if (!t.matrix) info.shape = {t.ne0};
    inv.total_elements += info.elements;
    inv.total_bytes += info.bytes;
    auto it = std::find_if(inv.by_dtype.begin(), inv.by_dtype.end(),
                           [&](const DTypeTotal& d) { return d.dtype == info.dtype; });
    if (it == inv.by_dtype.end()) it = inv.by_dtype.insert(inv.by_dtype.end(), {info.dtype});
    it->tensors += 1;
    it->elements += info.elements;
    it->bytes += info.bytes;
    inv.tensors.push_back(std::move(info));
  }
  return inv;
}

uint64_t gguf_file_bytes(const ModelSpec& m, const TensorInventory& mix) {
  uint64_t bytes = 0;
  for (const TensorInfo& t : mix.tensors) bytes += (t.bytes + 31) / 32 * 32;
  // Metadata (gguf_size.py meta_estimate): each token a u64 length + ~7 bytes, an i32
  // type, BPE merges about as many as tokens at a u64 length + ~12 bytes, ~100 bytes
  // per tensor info and ~8 KiB of other keys.
  const uint64_t V = m.vocab_size;
  return bytes + V * (8 + 7) + V * 4 + V * (8 + 12) + mix.tensors.size() * 100 + 8192;
}

GgufPlaces gguf_bytes_by_place(const TensorInventory& inv, uint64_t layers) {
  GgufPlaces p;
  p.layer_bytes.assign(static_cast<size_t>(layers), 0);
  p.expert_bytes.assign(static_cast<size_t>(layers), 0);
  for (const TensorInfo& t : inv.tensors) {
    // "blk.12.attn_q.weight" -> 12
    uint64_t layer = 0;
    size_t i = 4;
    int digits = 0;
    const bool blk = t.name.rfind("blk.", 0) == 0;
    for (; blk && i < t.name.size() && std::isdigit(static_cast<unsigned char>(t.name[i])) &&
           digits < 6;
         ++i, ++digits) {
      layer = layer * 10 + static_cast<uint64_t>(t.name[i] - '0');
    }
    if (blk && digits > 0 && i < t.name.size() && t.name[i] == '.' && layer < layers) {
      p.layer_bytes[static_cast<size_t>(layer)] += t.bytes;
      if (has(t.name, "_exps")) p.expert_bytes[static_cast<size_t>(layer)] += t.bytes;
    } else if (t.name.rfind("token_embd", 0) == 0) {
      p.embedding += t.bytes;
    } else {
      p.other += t.bytes;
    }
  }
  return p;
}

}  // namespace vramcalc
