// Inference: weights + KV cache + the transient activation peak of one forward
// layer + logits. Textbook mode follows REFERENCE.md section 2 exactly.
#include <algorithm>

#include "cache_layers.h"
#include "estimate_parts.h"
#include "gguf_mix.h"

namespace vramcalc::detail {

namespace {

bool is_quantized(DType d) {
  return d == DType::kINT8 || d == DType::kINT4 || d == DType::kNF4 || d == DType::kFP8E4M3 ||
         d == DType::kFP8E5M2;
}

}  // namespace

uint64_t quantized_linear_bytes(const Context& c) {
  const DType d = c.w.weight_dtype;
  const bool from_checkpoint =
      c.model.checkpoint.present && c.w.weights_from_checkpoint && !c.w.textbook;
  if (from_checkpoint || c.w.textbook || !is_quantized(d) || !c.arch_known) return 0;
  const uint64_t linear = std::min(block_linear_params(c.model), c.P);
  const uint64_t bytes = c.term().times(linear, "linear params").in(d).value();
  return d == DType::kNF4 ? bytes + nf4_constant_bytes(linear) : bytes;
}

void inference_weights(const Context& c, Estimate& e) {
  const DType d = c.w.weight_dtype;
  const CheckpointSummary& ck = c.model.checkpoint;
  if (ck.present && c.w.weights_from_checkpoint && !c.w.textbook) {
    // MTP layers are loaded only to draft tokens (speculative decoding).
    set(e, Component::kWeights, c.term().times(ck.bytes - ck.mtp_bytes, "B stored"),
        c.text() ? ck.format + (ck.from_config ? ": " : " header: ") + group_digits(ck.params) +
                       " values as stored (" + ck.dtypes + ")"
                 : std::string());
    return;
  }
  if (!c.w.gguf_file_type.empty() && c.arch_known && !c.w.textbook) {
    // llama-quantize's mix: each tensor in the type the quantizer would pick.
    const TensorInventory mix =
        gguf_quant_mix(c.model, *find_gguf_file_type(c.w.gguf_file_type), c.w.gguf_imatrix);
    std::string types;
    for (const DTypeTotal& t : mix.by_dtype) {
      if (c.text()) types += (types.empty() ? "" : ", ") + group_digits(t.tensors) + " " + t.dtype;
    }
    set(e, Component::kWeights, c.term().times(mix.total_bytes, "B of GGUF tensors"),
        c.text() ? "llama.cpp " + c.w.gguf_file_type + " mix (llama-quant.cpp rules): " + types
                 : std::string());
    return;
  }
  if (c.w.textbook || !is_quantized(d) || !c.arch_known) {
    set(e, Component::kWeights, c.term().times(c.P, "params").in(d),
        c.w.textbook ? "REFERENCE.md: parameter count × bytes per parameter"
                     : (is_quantized(d) ? "every parameter quantized (the split between linear "
                                          "layers and embeddings needs the architecture)"
                                        : "parameter count × bytes per parameter"));
    return;
  }
  // Quantization applies to the linear layers of the blocks; embeddings, the head,
  // norms and biases stay 16-bit (as bitsandbytes, GPTQ and AWQ leave them).
  // min(): a GGUF's metadata can describe more than its stored tensors hold.
  const uint64_t linear = std::min(block_linear_params(c.model), c.P);
  Term q = c.term().times(linear, "linear params").in(d);
  Term rest = c.term().times(c.P - linear, "other params").bytes_of_bits(16, "BF16");
  uint64_t bytes = q.value() + rest.value();
  const uint64_t consts = d == DType::kNF4 ? nf4_constant_bytes(linear) : 0;
  bytes += consts;
  ComponentEstimate& ce = e.components[static_cast<int>(Component::kWeights)];
  ce.bytes = (q.overflowed() || rest.overflowed()) ? UINT64_MAX : bytes;
  if (!c.text()) return;
  ce.formula = q.text() + " + " + rest.text();
  ce.assumption = "block linear layers quantized; embeddings, head and norms in BF16";
  if (d == DType::kNF4) {
    ce.formula += " + " + group_digits(consts) + " B NF4 constants (0.127 bit/param)";
    ce.assumption += "; NF4 with double-quantized constants, block 64";
  }
}

namespace {

void kv_cache(const Context& c, Estimate& e) {
  if (!c.arch_known) return set_unknown(e, Component::kKVCache, "needs layers, KV heads, head_dim");
  const DType kv = c.w.kv_dtype.value_or(compute_dtype(c.w.weight_dtype));
  if (c.model.kind == ModelKind::kEncoder && !c.w.textbook) {
    return assume(e, Component::kKVCache,
                  "encoders attend over the whole input at once and keep no KV cache");
  }
  const ModelSpec& m = c.model;
  const uint64_t seq = c.w.seq;
  Term t = c.term();
  if (c.w.textbook) {
    // REFERENCE.md: every layer caches K and V of every token.
    t.times(2, "(K,V)")
        .times(m.num_kv_heads, "kv_heads")
        .times(m.head_dim, "head_dim")
        .times(c.w.batch, "batch")
        .times(m.num_layers, "layers")
        .times(seq, "tokens");
    set(e, Component::kKVCache, t.in(kv),
        "2 (K,V) × layers × kv_heads × head_dim × bytes × batch × tokens");
    return;
  }
  // Layer by layer: elements per token (K and V heads, or MLA's latent) times the
  // tokens each layer keeps (sliding and chunked layers keep their window).
  const KvGroups g = kv_groups(m, seq, true);
  if (g.overflow) {
    t.times(UINT64_MAX, "elements").times(2, "");  // saturates: reported as too large
  } else if (g.count == 1 && !g.group[0].capped) {
    t.times(g.group[0].layers, "layers")
        .times(g.group[0].elements, "elements/token")
        .times(seq, "tokens")
        .times(c.w.batch, "batch");
  } else {
    t.times(g.elements, c.text() ? "elements (" + g.text() + ")" : std::string())
        .times(c.w.batch, "batch");
  }
  std::string assumption;
  if (c.text()) {
    assumption = m.mla_attention
                     ? "MLA latent cache: (kv_lora_rank + qk_rope_head_dim) per token and layer"
                     : "per layer: kv_heads × (K + V head dims) per token";
    uint64_t capped = 0;
    for (int i = 0; i < g.count; ++i) capped += g.group[i].capped ? g.group[i].layers : 0;
    if (capped) {
      assumption +=
          "; " + group_digits(capped) + " sliding-window / chunked layers keep their window";
    }
  }
  set(e, Component::kKVCache, t.in(kv), assumption);
}

// Mamba / Gated DeltaNet layers: a fixed state per sequence, whatever the length:
// the SSM state in its own dtype (mamba_ssm_cache_dtype) and the conv window.
void state_component(const Context& c, Estimate& e) {
  if (!c.arch_known || c.w.textbook) return;
  const StateTotals s = recurrent_state(c.model, 0);
  if (s.layers == 0) return;
  const DType act = compute_dtype(c.w.weight_dtype);
  Term ssm = c.term()
                 .times(s.ssm, "SSM state elements")
                 .times(c.w.batch, "sequences")
                 .in(c.model.state_dtype.value_or(act));
  Term conv = c.term().times(s.conv, "conv window elements").times(c.w.batch, "sequences").in(act);
  ComponentEstimate& ce = e.components[static_cast<int>(Component::kState)];
  bool overflow = ssm.overflowed() || conv.overflowed();
  ce.bytes = checked_add(ssm.value(), conv.value(), overflow);
  if (overflow) ce.bytes = UINT64_MAX;
  if (!c.text()) return;
  ce.formula = ssm.text() + " + " + conv.text();
  ce.assumption = group_digits(s.layers) +
                  " layers keep a fixed state per sequence, whatever its length (Mamba / "
                  "DeltaNet: SSM state + conv window of kernel - 1 columns; DeepSeek-V4: FP32 "
                  "compressor states + the sliding ring in the conv term)";
}

void activations(const Context& c, Estimate& e) {
  if (!c.arch_known) {
    return set_unknown(e, Component::kActivations, "needs hidden size, heads and layers");
  }
  const ModelSpec& m = c.model;
  const DType act = compute_dtype(c.w.weight_dtype);
  if (c.w.textbook) {
    set(e, Component::kActivations,
        c.term()
            .times(c.w.batch, "batch")
            .times(c.w.seq, "tokens")
            .times(m.hidden_size, "hidden")
            .times(m.num_layers, "layers")
            .in(act),
        "REFERENCE.md: one batch × seq × hidden tensor per layer");
    return;
  }
  // Without gradients only one layer's intermediates live at a time: the residual
  // stream and normed input (2h) plus the larger of attention and MLP working sets.
  const bool eager = c.w.attention == Attention::kEager;
  const uint64_t attn = 2 * q_dim(m) + 2 * kv_dim(m) + (eager ? 2 * m.num_heads * c.w.seq : 0);
  const uint64_t mlp = (m.gated_mlp ? 3 : 2) * mlp_width_per_token(m);
  const uint64_t width = 2 * m.hidden_size + std::max(attn, mlp);
  set(e, Component::kActivations,
      c.term()
          .times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .times(width, "values/token")
          .in(act),
      eager ? "peak of one layer: residual + normed input + max(attention (Q,K,V,out, scores "
              "and softmax over the sequence), MLP intermediates)"
            : "peak of one layer: residual + normed input + max(attention (Q,K,V,out), MLP "
              "intermediates)");
}

void logits(const Context& c, Estimate& e) {
  if (!c.arch_known) return set_unknown(e, Component::kLogits, "needs the vocabulary size");
  if (c.w.textbook || !c.model.has_lm_head) {
    return assume(
        e, Component::kLogits,
        c.w.textbook ? "not in the textbook formulas" : "the base encoder has no LM head");
  }
  const DType act = compute_dtype(c.w.weight_dtype);
  set(e, Component::kLogits,
      c.term()
          .times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .times(c.model.vocab_size, "vocab")
          .in(act),
      "logits for every prompt position in the compute dtype");
}

}  // namespace

void estimate_inference(const Context& ctx, Estimate& e) {
  inference_weights(ctx, e);
  kv_cache(ctx, e);
  state_component(ctx, e);
  activations(ctx, e);
  logits(ctx, e);
}

}  // namespace vramcalc::detail
