// Checkpoint summaries and how they join a ModelSpec.
#include "checkpoint.h"

#include "param_count.h"
#include "term.h"

namespace vramcalc {

namespace {

bool has(std::string_view name, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (name.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// The part a tensor belongs to, by the module names transformers and llama.cpp's
// converter give (e.g. "model.layers.3.mlp.experts.7.up_proj.weight",
// "blk.3.ffn_up_exps.weight"). Order matters: a norm inside attention is a norm,
// shared experts are counted with the dense MLP.
uint64_t TensorParts::*part_of(std::string_view n) {
  if (has(n, {"shared_expert", "_shexp"})) return &TensorParts::mlp;
  if (has(n, {".experts.", "_exps", "block_sparse_moe.experts"})) return &TensorParts::experts;
  if (has(n, {"norm", "ln_", ".ln.", "layer_norm"})) return &TensorParts::norms;
  if (has(n, {"embed_tokens", "wte.", "wpe.", "word_embeddings", "position_embeddings",
              "token_type_embeddings", "embed_in.", "token_embd", "tok_embeddings"})) {
    return &TensorParts::embedding;
  }
  if (n.rfind("lm_head", 0) == 0 || n.rfind("output.", 0) == 0 || has(n, {"embed_out."})) {
    return &TensorParts::head;
  }
  if (has(n, {"attn", "attention", "q_proj", "k_proj", "v_proj", "o_proj", "query_key_value"})) {
    return &TensorParts::attention;
  }
  if (has(n, {"mlp", "ffn", "feed_forward", "dense_h_to_4h", "dense_4h_to_h", "gate_proj",
              "up_proj", "down_proj", "fc1", "fc2", "router", ".gate."})) {
    return &TensorParts::mlp;
  }
  return &TensorParts::other;
}

}  // namespace

CheckpointSummary summarize_checkpoint(const TensorInventory& inv, std::string_view format) {
  CheckpointSummary c;
  c.present = true;
  c.format = std::string(format);
  c.params = inv.total_elements;
  c.bytes = inv.total_bytes;
  c.tensors = inv.tensors.size();
  // Sums of stored element counts that the inventory already totalled without wrapping.
  for (const TensorInfo& t : inv.tensors) c.parts.*part_of(t.name) += t.elements;
  for (const auto& d : inv.by_dtype) {
    c.dtypes += (c.dtypes.empty() ? "" : ", ") + d.dtype + ": " + group_digits(d.tensors) +
                " tensors, " + group_digits(d.elements) + " params";
  }
  return c;
}

ModelSpec model_from_checkpoint(const TensorInventory& inv, std::string_view format,
                                std::string_view name) {
  ModelSpec m;
  m.kind = ModelKind::kParamsOnly;
  m.model_type = "params";
  m.name = std::string(name);
  m.bare_params = inv.total_elements;
  m.checkpoint = summarize_checkpoint(inv, format);
  m.notes.push_back(std::string(format) +
                    " header only: drop the config.json too for KV cache and activations");
  make_printable(m);
  return m;
}

void attach_checkpoint(ModelSpec& m, const TensorInventory& inv, std::string_view format) {
  m.checkpoint = summarize_checkpoint(inv, format);
  const uint64_t counted = count_params(m).total;
  if (inv.total_elements != counted) {
    const bool more = inv.total_elements > counted;
    m.notes.push_back("checkpoint stores " + group_digits(inv.total_elements) +
                      " values, the config gives " + group_digits(counted) + " parameters (" +
                      (more ? "buffers, extra heads or scales are stored"
                            : "some tensors are missing from the files read") +
                      ")");
  }
  make_printable(m);
}

}  // namespace vramcalc
