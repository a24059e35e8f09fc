// --runtime hf, inference: one no_grad prefill forward of batch x seq prompt tokens in
// the transformers ~4.45 eager implementation, KV cache kept (DESIGN.md, "Reference
// semantics of --runtime hf"). Peak = weights + buffers + inputs + KV + the largest of
// three moments (formulas.py inference_moments): the logits at the end of the forward,
// the last layer's attention softmax, the last layer's MLP.
#include "runtime_hf.h"

namespace vramcalc::detail {

namespace hf {

namespace {

constexpr Component kA = Component::kActivations;
constexpr Component kL = Component::kLogits;

// b × H × s × s attention scores (n tensors of them).
Term scores(const Dims& D, uint64_t n = 1) {
  Term t;
  if (n > 1) t.times(n, "tensors");
  return t.times(D.b, "batch").times(D.H, "heads").times(D.s, "queries").times(D.s, "keys");
}

Term bytes(Term t, uint64_t e) { return t.bytes_of_bits(static_cast<int>(8 * e), dtype_name(e)); }

std::vector<Part> llama_common(const Dims& D) {
  const uint64_t n_res = D.L == 1 ? 1 : 2;  // inputs_embeds (+ the layer input when L > 1)
  std::vector<Part> out;
  // Under sdpa an unpadded batch needs no mask: _ignore_causal_mask_sdpa lets
  // scaled_dot_product_attention use is_causal (transformers 4.45 modeling_llama.py).
  if (!D.sdpa) {
    out.push_back(
        part(kA, "4D causal mask",
             bytes(Term().times(D.b, "batch").times(D.s, "queries").times(D.s, "keys"), D.e)));
  }
  std::vector<Part> rest = {
      part(
          kA, "cos/sin",
          bytes(Term().times(2, "(cos, sin)").times(D.s, "positions").times(D.d, "head_dim"), D.e)),
      part(kA, "position ids", Term().times(D.s, "positions").bytes_of_bits(64, "int64")),
      part(kA, "inputs_embeds + layer input",
           bytes(tensors(n_res, "tensors", D).times(D.h, "hidden"), D.e)),
  };
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::vector<Part> gpt2_common(const Dims& D) {
  return {
      part(kA, "inputs_embeds", bytes(tokens(D).times(D.h, "hidden"), D.e)),
      part(kA, "position_embeds", bytes(Term().times(D.s, "positions").times(D.h, "hidden"), D.e)),
      part(kA, "attention mask", bytes(tokens(D), D.e)),
      part(kA, "position ids", Term().times(D.s, "positions").bytes_of_bits(64, "int64")),
  };
}

Moment with(const std::string& name, const std::string& where, std::vector<Part> parts,
            std::initializer_list<Part> more) {
  parts.insert(parts.end(), more.begin(), more.end());
  return Moment{name, where, std::move(parts)};
}

}  // namespace

// The prefill's three moments (logits, attention, MLP) over the prompt.
std::vector<Moment> inference_moments_prefill(const Dims& D, const std::vector<Part>& common);

std::vector<Moment> inference_moments(const Dims& D) {
  const uint64_t e = D.e;
  const char* kLogitsWhere = "the logits at the end of the forward";
  const char* kAttnWhere = "the last layer's attention softmax";
  const char* kMlpWhere = "the last layer's MLP";
  if (D.gpt2) {
    const std::vector<Part> common = gpt2_common(D);
    const Checked S2e = D.S2 * e, The2 = 2 * D.T * D.h * e;
    const bool pair = The2 < S2e;  // matmul's q,k copies vs a second score tensor
    return {
        Moment{
            "logits",
            kLogitsWhere,
            {part(kA, "final hidden", bytes(tokens(D).times(D.h, "hidden"), e)),
             part(kL, "logits (GPT-2 does not upcast)", bytes(tokens(D).times(D.V, "vocab"), e))}},
        with("attention", kAttnWhere, common,
             {part(kA, "layer input + ln_1 output",
                   bytes(tensors(2, "tensors", D).times(D.h, "hidden"), e)),
              part(kA,
                   pair ? "scores, two at a time (scale/where/mask/softmax)"
                        : "scores + the permuted q, k copies matmul makes",
                   S2e + (pair ? S2e : The2),
                   pair ? bytes(scores(D, 2), e).text()
                        : group_digits(S2e.value()) + " B scores + " + group_digits(The2.value()) +
                              " B q, k")}),
        with("mlp", kMlpWhere, common,
             {part(kA, "layer input, attn output, residual, ln_2 output",
                   bytes(tensors(4, "tensors", D).times(D.h, "hidden"), e)),
              part(kA, "gelu_new: input, 0.5*x, x^3, 0.044715*x^3",
                   bytes(tensors(4, "tensors", D).times(D.I, "intermediate"), e))}),
    };
  }
  const std::vector<Part> common = llama_common(D);
  if (D.gen) {
    // generate() asks the prefill for the last position's logits only
    // (logits_to_keep / num_logits_to_keep, transformers >= 4.45) and keeps an FP32
    // copy of them; each decode step then torch.cat()s one token onto every layer's
    // K and V, so one layer's grown K and V exist twice for a moment.
    const uint64_t len = D.s + D.gen;
    const Term one = Term().times(D.b, "batch").times(D.V, "vocab");
    Moment decode{"decode", "a decode step's torch.cat of the last token into the cache", {}};
    decode.parts.push_back(part(kL, "last-position logits", bytes(one, e)));
    decode.parts.push_back(part(kL, "FP32 copy", Term(one).bytes_of_bits(32, "FP32")));
    decode.parts.push_back(part(kA, "one layer's K,V during torch.cat",
                                bytes(Term()
                                          .times(2, "(K,V)")
                                          .times(D.K, "kv_heads")
                                          .times(D.d, "head_dim")
                                          .times(D.b, "batch")
                                          .times(len, "tokens"),
                                      e)));
    std::vector<Moment> out = inference_moments_prefill(D, common);
    out[0] = decode;
    return out;
  }
  return inference_moments_prefill(D, common);
}

std::vector<Moment> inference_moments_prefill(const Dims& D, const std::vector<Part>& common) {
  const uint64_t e = D.e;
  const char* kLogitsWhere = "the logits at the end of the forward";
  const char* kAttnWhere = "the last layer's attention softmax";
  const char* kMlpWhere = "the last layer's MLP";
  Moment logits{"logits", kLogitsWhere, {}};
  logits.parts.push_back(part(kA, "final hidden", bytes(tokens(D).times(D.h, "hidden"), e)));
  if (e == 2)
    logits.parts.push_back(part(kL, "lm_head output", bytes(tokens(D).times(D.V, "vocab"), e)));
  logits.parts.push_back(
      part(kL, "FP32 logits (.float())", tokens(D).times(D.V, "vocab").bytes_of_bits(32, "FP32")));

  const bool rep = 1 < D.K && D.K < D.H;  // repeat_kv copies K and V (K == 1 stays a view)
  const Checked rep_bytes = rep ? 2 * D.T * D.q * e : Checked(0);
  const Part normed = part(kA, "normed input", bytes(tokens(D).times(D.h, "hidden"), e));
  Moment attn = with("attention", kAttnWhere, common,
                     {normed, part(kA, "q after RoPE", bytes(tokens(D).times(D.q, "q width"), e))});
  if (rep) {
    attn.parts.push_back(
        part(kA, "repeat_kv K,V copies", bytes(tensors(2, "(K,V)", D).times(D.q, "q width"), e)));
  }
  if (D.sdpa) {
    // The flash / memory-efficient kernels keep no b x H x s x s scores: the moment is
    // the inputs above plus the kernel's output (and its FP32 logsumexp per query).
    // Derived from the eager moment, not measured.
    attn.parts.push_back(part(kA, "sdpa output", bytes(tokens(D).times(D.q, "q width"), e)));
    attn.parts.push_back(part(kA, "sdpa logsumexp",
                              Term()
                                  .times(D.b, "batch")
                                  .times(D.H, "heads")
                                  .times(D.s, "queries")
                                  .bytes_of_bits(32, "FP32")));
  } else {
    // Masked scores (model dtype), the FP32 copy softmax(dtype=float32) makes of a BF16
    // input, and the FP32 softmax output; in FP32 the copy is a no-op.
    attn.parts.push_back(
        part(kA, e == 2 ? "scores (BF16 + FP32 copy + FP32 softmax)" : "scores (FP32 + softmax)",
             scores(D).bytes_of_bits(e == 2 ? 80 : 64, e == 2 ? "2+4+4" : "4+4")));
    // Tiny S2: the q / RoPE / attention-output temporaries are larger than the scores.
    const Checked alt =
        max(3 * D.T * D.q * e + rep_bytes + D.S2 * e, 4 * D.T * D.q * e + D.T * D.kv * e);
    Moment base = with("attention", kAttnWhere, common, {normed});
    if (attn.total() < base.total() + alt) {
      base.parts.push_back(part(
          kA, "q/RoPE/output temporaries (tiny S2)", alt,
          "max(3·T·q·e + REP + S2·e, 4·T·q·e + T·kv·e) = " + group_digits(alt.value()) + " B"));
      attn = base;
    }
  }
  Moment mlp = with(
      "mlp", kMlpWhere, common,
      {part(kA, "residual + normed input", bytes(tensors(2, "tensors", D).times(D.h, "hidden"), e)),
       part(kA, "SwiGLU silu(gate), up, product",
            bytes(tensors(3, "tensors", D).times(D.I, "intermediate"), e))});
  return {logits, attn, mlp};
}

}  // namespace hf

namespace {

// HF's DynamicCache (and GPT-2's legacy tuple cache) as measured.
void hf_kv_cache(const Context& c, const hf::Dims& D, Estimate& e) {
  const DType kv = c.w.kv_dtype.value_or(compute_dtype(c.w.weight_dtype));
  Term t;
  std::string why;
  if (D.gpt2) {
    t.times(D.L, "layers").times(D.b, "batch").times(D.s, "tokens").times(3 * D.h, "(3 × hidden)");
    why =
        "GPT-2's legacy cache: K and V are views of the fused c_attn output (q, k, v: 3h "
        "wide), which stays alive whole: layers × tokens × 3h";
  } else {
    t.times(2, "(K,V)")
        .times(D.L, "layers")
        .times(D.K, "kv_heads")
        .times(D.d, "head_dim")
        .times(D.b, "batch")
        .times(D.s + D.gen, D.gen ? "prompt + generated tokens" : "tokens");
    why =
        "DynamicCache: post-RoPE K and V of num_kv_heads per layer, every prompt token "
        "(no sliding-window cropping): 2 × layers × kv_heads × head_dim × tokens";
    if (D.gen) why += "; generate() grows it to the prompt + new tokens";
  }
  set(e, Component::kKVCache, t.in(kv), why);
}

// DeepseekV3 in transformers caches the decompressed K and V of every head, not MLA's
// latent: K is qk_nope + qk_rope wide per head, V v_head_dim.
void hf_mla_kv_cache(const Context& c, Estimate& e) {
  const ModelSpec& m = c.model;
  const DType kv = c.w.kv_dtype.value_or(compute_dtype(c.w.weight_dtype));
  set(e, Component::kKVCache,
      Term()
          .times(m.num_layers, "layers")
          .times(m.num_heads, "heads")
          .times(m.mla.qk_nope_head_dim + m.mla.qk_rope_head_dim + m.mla.v_head_dim,
                 "(qk_nope + qk_rope + v dims)")
          .times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .in(kv),
      "HF caches MLA decompressed: K (qk_nope + qk_rope) and V (v_head_dim) for every "
      "head and layer, not the latent (not measured under hf)");
}

void copy_generic(const Estimate& from, Estimate& to, Component c, const std::string& why) {
  ComponentEstimate& dst = to.components[static_cast<int>(c)];
  dst = from.components[static_cast<int>(c)];
  dst.assumption += " — not measured under hf (" + why + "): generic formula";
}

}  // namespace

void estimate_hf_inference(const Context& c, Estimate& e) {
  const std::string why_model = hf::uncovered_model(c);
  if (!why_model.empty()) {
    estimate_inference(c, e);
    hf::mark_generic(e, why_model);
    if (c.arch_known && c.model.mla_attention) hf_mla_kv_cache(c, e);
    return;
  }
  const hf::Dims D = hf::dims_of(c);
  inference_weights(c, e);
  add_buffers(D, e);
  hf_kv_cache(c, D, e);

  std::string why;
  if (c.w.weight_dtype != DType::kBF16 && c.w.weight_dtype != DType::kFP32) {
    why = std::string("weights in ") + dtype_info(c.w.weight_dtype).name;
  } else if (c.w.attention == Attention::kFlash || (D.gpt2 && D.sdpa)) {
    why = D.sdpa ? "sdpa attention in GPT-2" : "flash attention";
  } else if (c.hw.tp * c.hw.pp > 1) {
    why = "tensor/pipeline parallelism";
  }
  const std::vector<hf::Moment> moments = hf::inference_moments(D);
  const size_t win = hf::winner(moments, "");
  const hf::Moment& peak = moments[win];
  const bool logits_won = peak.name == "logits";
  // The logits tensors (lm_head output and its FP32 copy) are shown under logits even
  // when an earlier moment is the peak: that peak holds at least as much, so the rest of
  // it is what activations add; both stay monotonic in batch and seq.
  const std::string logits_what =
      D.gen    ? "generate(): the last position's logits and their FP32 copy"
      : D.gpt2 ? "lm_head output of every position in the model dtype (GPT-2 does not upcast)"
               : "lm_head output and its FP32 copy (.float()) of every position, alive together";
  if (!why.empty()) {
    Estimate generic = e;
    estimate_inference(c, generic);
    copy_generic(generic, e, Component::kActivations, why);
    if (why == "flash attention" || D.gen) {  // the head does not depend on the kernel
      hf::set_from_parts(e, Component::kLogits, moments[0].parts,
                         logits_what + "; the attention kernel does not change them");
    } else {
      copy_generic(generic, e, Component::kLogits, why);
    }
    e.notes.push_back("runtime hf: " + why + " is not measured; generic formula for the " +
                      "activations" + (why == "flash attention" || D.gen ? "" : " and logits"));
    return;
  }
  hf::set_from_parts(e, Component::kLogits, moments[0].parts,
                     logits_what + (logits_won ? "; peak at the logits at the end of the forward"
                                               : "; allocated at the end of the forward, "
                                                 "inside the larger peak at " +
                                                     peak.where));
  const hf::Checked logits = e.at(Component::kLogits).bytes;

  std::vector<hf::Part> parts = peak.parts;
  parts.push_back(hf::part(Component::kActivations, "inputs (input_ids, attention_mask int64)",
                           tensors(2, "tensors", D).bytes_of_bits(64, "int64")));
  hf::Checked total;
  std::string text;
  for (const hf::Part& p : parts) {
    if (logits_won && p.comp == Component::kLogits) continue;
    total += p.bytes;
    text += (text.empty() ? "" : " + ") + p.what + " " + p.text;
  }
  if (!logits_won) {
    total = total - logits;
    text = "(" + text + ") − logits " + group_digits(logits.value()) + " B";
  }
  ComponentEstimate& a = e.components[static_cast<int>(Component::kActivations)];
  a.bytes = total.overflow() ? UINT64_MAX : total.value();
  a.formula = text;
  a.assumption = "peak at " + peak.where + " (moment " + peak.name + ", " +
                 group_digits(peak.total().value()) + " B" +
                 (logits_won ? "" : "; shown here less the logits") +
                 "); other moments: " + hf::moment_list(moments, win) + "; " + hf::legend(D);
  if (c.hw.gpus > 1) e.notes.push_back("runtime hf: one full replica per GPU");
}

}  // namespace vramcalc::detail
