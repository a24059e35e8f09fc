// --runtime llamacpp: llama.cpp's buffers. Weights as stored in the GGUF, with
// -ngl N offloading the last N blocks (the output layer too once N exceeds the
// block count; token embeddings always stay in host memory); a KV cache of n_ctx
// = batch x seq tokens in F16 unless -ctk/-ctv say q8_0 / q4_0, for the offloaded
// layers; and a compute buffer sized for one ubatch (llama-context.cpp graph
// reservation): the F32 attention scores of ubatch x n_ctx per head without flash
// attention, plus the layer intermediates, plus F32 logits of the last tokens.
#include "cache_layers.h"
#include "estimate_parts.h"

namespace vramcalc::detail {

std::optional<Error> estimate_llamacpp(const Context& c, Estimate& e) {
  const ModelSpec& m = c.model;
  if (!c.arch_known) {
    // A bare count: the weights, all offloaded; the rest needs the architecture.
    inference_weights(c, e);
    set_unknown(e, Component::kKVCache, "needs layers, KV heads, head_dim");
    set_unknown(e, Component::kActivations, "the compute buffer needs the architecture");
    set_unknown(e, Component::kLogits, "needs the vocabulary size");
    return std::nullopt;
  }
  const uint64_t L = m.num_layers;
  const uint64_t on_gpu = std::min(c.w.gpu_layers, L);
  const bool output_on_gpu = c.w.gpu_layers > L;
  RuntimeDetails& r = e.runtime;
  r.gpu_layers = on_gpu;

  // Weights: exact per block from a GGUF, else an even split of the generic bytes.
  inference_weights(c, e);
  const uint64_t all_weights = e.at(Component::kWeights).bytes;
  uint64_t gpu_w = 0, emb_w = 0, out_w = 0;
  std::string how;
  if (m.checkpoint_layer_bytes.size() == L && c.w.weights_from_checkpoint) {
    for (uint64_t i = L - on_gpu; i < L; ++i) gpu_w += m.checkpoint_layer_bytes[static_cast<size_t>(i)];
    emb_w = m.checkpoint_embedding_bytes;
    out_w = m.checkpoint_output_bytes;
    how = "GGUF tensor bytes of the offloaded blocks";
  } else {
    const uint64_t table = bytes_for(c.w.weight_dtype, m.vocab_size * m.hidden_size);
    emb_w = std::min(table, all_weights);
    out_w = m.tied_embeddings ? 0 : std::min(table, all_weights - emb_w);
    gpu_w = (all_weights - emb_w - out_w) / L * on_gpu;
    how = "blocks' share of the weights, split evenly";
  }
  if (output_on_gpu) gpu_w += out_w;
  set(e, Component::kWeights, Term().times(gpu_w, "B"),
      how + ": " + group_digits(on_gpu) + " of " + group_digits(L) + " blocks on the GPU" +
          (output_on_gpu ? " + output layer" : "") + "; token embeddings stay in host memory");

  // KV cache: one layer's worth, times the offloaded layers (the rest in host RAM).
  const DType kv = c.w.kv_dtype.value_or(DType::kFP16);
  uint64_t n_ctx = 0;  // llama.cpp's context: every sequence's tokens
  if (__builtin_mul_overflow(c.w.batch, c.w.seq, &n_ctx) || n_ctx > (uint64_t{1} << 40)) {
    return make_error(ErrorCode::kInvalidOption,
                      "option --batch x --seq: llama.cpp's context of batch x seq tokens exceeds 2^40");
  }
  // Elements per token of the offloaded (last) layers: recurrent layers cache none.
  const uint64_t gpu_elements = kv_elements_in_layers(m, L - on_gpu, L);
  Term kvt = Term().times(gpu_elements, "KV elements/token of the " + group_digits(on_gpu) +
                                            " GPU layers")
                 .times(n_ctx, "n_ctx").in(kv);
  if (kvt.overflowed()) {
    return make_error(ErrorCode::kInvalidOption, "llama.cpp KV cache exceeds 2^64 bytes");
  }
  set(e, Component::kKVCache, kvt, "n_ctx = batch × seq tokens; F16 unless --kv-dtype q8_0/q4_0");

  // Compute buffer for one ubatch (only when something runs on the GPU).
  if (on_gpu > 0) {
    const uint64_t ub = std::min(c.w.ubatch, n_ctx);
    const uint64_t n_kv = (n_ctx + 255) / 256 * 256;  // the KV length the graph is built for
    const bool flash = c.w.attention == Attention::kFlash;
    const uint64_t per_token = (flash ? 0 : m.num_heads * n_kv) + 2 * m.hidden_size +
                               2 * mlp_width_per_token(m);
    set(e, Component::kActivations, Term().times(ub, "ubatch").times(per_token, "F32 values/token").in(DType::kFP32),
        flash ? "compute buffer: layer intermediates of one ubatch (flash attention)"
              : "compute buffer: F32 attention scores (heads × n_ctx) and intermediates per ubatch");
    if (output_on_gpu) {
      set(e, Component::kLogits,
          Term().times(c.w.batch, "sequences").times(m.vocab_size, "vocab").in(DType::kFP32),
          "F32 logits of the last token of each sequence");
    }
  }
  // Host memory: everything not offloaded (weights and the KV of CPU layers).
  uint64_t host_layers = 0;
  if (m.checkpoint_layer_bytes.size() == L && c.w.weights_from_checkpoint) {
    for (uint64_t i = 0; i < L - on_gpu; ++i) host_layers += m.checkpoint_layer_bytes[static_cast<size_t>(i)];
  } else {
    host_layers = (all_weights - emb_w - out_w) / L * (L - on_gpu);
  }
  bool overflow = false;
  const uint64_t host_kv =
      Term().times(kv_elements_in_layers(m, 0, L - on_gpu), "").times(n_ctx, "").in(kv).value();
  overflow = host_kv == UINT64_MAX;
  r.host_bytes = checked_add(emb_w + host_layers + (output_on_gpu ? 0 : out_w), host_kv, overflow);
  if (overflow) return make_error(ErrorCode::kInvalidOption, "llama.cpp host memory exceeds 2^64 bytes");
  return std::nullopt;
}

}  // namespace vramcalc::detail
