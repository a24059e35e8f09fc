// Training: weights (+ FP32 master copy), gradients and optimizer states of the
// trainable parameters (sharded by ZeRO stage), activations kept for backward
// (Korthikanti et al. 2022 per-layer accounting), FP32 logits and their gradient.
// Textbook mode follows REFERENCE.md section 3 exactly.
#include <algorithm>

#include "estimate_parts.h"

namespace vramcalc::detail {

namespace {

// Bytes per element of each training tensor under a precision scheme (DESIGN.md).
struct Scheme {
  DType weights, grads, states;
  bool master;  // an FP32 master copy beside 16-bit weights (mixed precision)
  DType act;    // activations and forward compute
};

Scheme scheme_of(Precision p) {
  switch (p) {
    case Precision::kFP32:
      return {DType::kFP32, DType::kFP32, DType::kFP32, false, DType::kFP32};
    case Precision::kBF16:
      return {DType::kBF16, DType::kBF16, DType::kBF16, false, DType::kBF16};
    case Precision::kFP16:
      return {DType::kFP16, DType::kFP16, DType::kFP16, false, DType::kFP16};
    case Precision::kAMP:
      return {DType::kFP32, DType::kFP32, DType::kFP32, false, DType::kBF16};
    case Precision::kMixed:
      return {DType::kBF16, DType::kBF16, DType::kFP32, true, DType::kBF16};
    case Precision::kINT8:
      return {DType::kINT8, DType::kINT8, DType::kINT8, false, DType::kINT8};
  }
  return {DType::kFP32, DType::kFP32, DType::kFP32, false, DType::kFP32};
}

int dbits(DType d) { return dtype_info(d).storage_bits; }

// Optimizer state elements per trainable parameter and their storage.
struct OptimizerStates {
  uint64_t count;  // states per parameter
  DType dtype;
  const char* what;
};

OptimizerStates states_of(Optimizer o, const Scheme& s) {
  switch (o) {
    case Optimizer::kAdamW:
      return {2, s.states, "AdamW: first and second moments"};
    case Optimizer::kAdamW8bit:
      return {2, DType::kINT8, "8-bit AdamW: two 8-bit moments"};
    case Optimizer::kSGD:
      return {1, s.states, "SGD with momentum: one buffer"};
    case Optimizer::kAdafactor:
      return {1, s.states, "Adafactor: factored second moment"};
    case Optimizer::kNone:
      return {0, s.states, "no optimizer states"};
    case Optimizer::kLion:
      return {1, s.states, "Lion: one momentum buffer"};
    case Optimizer::kPagedAdamW:
      return {2, s.states,
              "paged AdamW: two moments in paged memory (moved to host only under pressure)"};
    case Optimizer::kPagedAdamW8bit:
      return {2, DType::kINT8, "paged 8-bit AdamW: two 8-bit moments in paged memory"};
  }
  return {0, s.states, ""};
}

// ZeRO shards over the data-parallel replicas: gpus / (tp x pp).
uint64_t shard(const Context& c, int from_stage) {
  const uint64_t dp = c.hw.gpus / (c.hw.tp * c.hw.pp);
  return (dp > 1 && c.hw.zero_stage >= from_stage) ? dp : 1;
}

// Tensor and pipeline parallelism split the model itself over tp x pp GPUs.
uint64_t model_parallel(const Context& c) { return c.hw.tp * c.hw.pp; }

void weights_and_states(const Context& c, const Scheme& s, Estimate& e) {
  const bool lora = c.w.method != Method::kFull;
  const uint64_t mp = model_parallel(c);
  const uint64_t zero3 = shard(c, 3) * mp, zero2 = shard(c, 2) * mp, zero1 = shard(c, 1) * mp;
  const char* by_gpus = mp > 1 ? "GPUs (tensor/pipeline parallel × ZeRO)" : "GPUs (ZeRO)";
  const bool offload_states = c.hw.offload != Offload::kNone;

  // Frozen or trained base weights.
  if (c.w.method == Method::kQLoRA) {
    const bool exact = !c.w.textbook && c.arch_known;
    // min(): a GGUF's metadata can describe more than its stored tensors hold.
    const uint64_t linear = exact ? std::min(block_linear_params(c.model), c.P) : c.P;
    Term q = c.term().times(linear, "params").bytes_of_bits(4, "NF4");
    if (exact) {
      const uint64_t consts = nf4_constant_bytes(linear);
      Term rest = c.term().times(c.P - linear, "other params").bytes_of_bits(16, "BF16");
      ComponentEstimate& ce = e.components[static_cast<int>(Component::kWeights)];
      ce.bytes =
          (q.overflowed() || rest.overflowed()) ? UINT64_MAX : q.value() + rest.value() + consts;
      if (c.text()) {
        ce.formula = q.text() + " + " + rest.text() + " + " + group_digits(consts) +
                     " B NF4 constants (0.127 bit/param)";
        ce.assumption =
            "QLoRA: frozen linear layers in NF4 with double quantization; the rest BF16";
      }
    } else {
      set(e, Component::kWeights, q, "QLoRA: frozen base in NF4 (0.5 bytes/param)");
    }
  } else {
    const DType wd = lora ? (s.weights == DType::kFP32 ? DType::kFP32 : DType::kBF16) : s.weights;
    Term t = c.term().times(c.P, "params").in(wd);
    if (!lora) t.divided_by(zero3, by_gpus);
    if (!lora && c.hw.offload == Offload::kParams && c.arch_known) {
      // Parameters live in host memory; the GPU holds the layer being computed
      // and the next one being fetched.
      e.runtime.host_bytes += t.value();
      set(e, Component::kWeights,
          c.term().times(2, "layers in flight").times(t.value() / c.model.num_layers, "B/layer"),
          c.text() ? "parameters offloaded to host memory (" + group_digits(t.value()) +
                         " B); two layers on the GPU at a time"
                   : std::string());
    } else {
      set(e, Component::kWeights, t,
          lora ? "LoRA: frozen base weights, no gradients or optimizer states"
               : "trained weights in the precision scheme's storage type");
    }
  }

  if (lora) {
    if (!c.arch_known) {
      return set_unknown(e, Component::kAdapters, "adapter size needs the layer shapes");
    }
    // A loaded adapter_config.json gives the exact count; otherwise rank r on
    // every attention and dense MLP matrix.
    const AdapterSpec& ad_spec = c.model.adapter;
    const uint64_t trainable =
        ad_spec.present ? ad_spec.trainable_params : lora_params(c.model, c.w.lora_rank);
    const DType ad = s.weights == DType::kINT8 ? DType::kBF16 : s.weights;
    const OptimizerStates st = states_of(c.w.optimizer, s);
    // Adapter weights + their gradients + optimizer states (+ FP32 master in mixed).
    const int bits_per_param =
        dbits(ad) + dbits(ad) + static_cast<int>(st.count) * dbits(st.dtype) + (s.master ? 32 : 0);
    set(e, Component::kAdapters,
        c.term()
            .times(trainable,
                   c.text()
                       ? "adapter params (rank " +
                             std::to_string(ad_spec.present ? ad_spec.rank : c.w.lora_rank) + ")"
                       : std::string())
            .bytes_of_bits(bits_per_param, "weight + grad + states"),
        !c.text()         ? std::string()
        : ad_spec.present ? "adapter_config.json: " + ad_spec.description
                          : "LoRA on q,k,v,o and the MLP matrices of every block: r × (in + out) "
                            "each");
    e.params.trainable = trainable;
    return;
  }

  e.params.trainable = c.P;
  if (s.master) {
    Term master =
        c.term().times(c.P, "params").bytes_of_bits(32, "FP32").divided_by(zero1, by_gpus);
    if (offload_states) {
      e.runtime.host_bytes += master.value();
      if (c.text()) {
        assume(e, Component::kMasterWeights,
               "offloaded to host memory (" + group_digits(master.value()) + " B)");
      }
    } else {
      set(e, Component::kMasterWeights, master,
          "mixed precision: FP32 master copy kept by the optimizer");
    }
  }
  set(e, Component::kGradients,
      c.term().times(c.P, "params").in(s.grads).divided_by(zero2, by_gpus),
      "one gradient per trained parameter");

  const OptimizerStates st = states_of(c.w.optimizer, s);
  const bool factored = c.w.optimizer == Optimizer::kAdafactor;
  if (factored && !c.arch_known) {
    return set_unknown(e, Component::kOptimizer, "factored states need shapes");
  }
  Term states = factored ? c.term().times(adafactor_state_elements(c.model), "state elements")
                         : c.term().times(c.P, "params").times(st.count, "states");
  states.in(st.dtype).divided_by(zero1, by_gpus);
  if (offload_states) {
    e.runtime.host_bytes += states.value();
    if (c.text()) {
      assume(e, Component::kOptimizer,
             std::string(st.what) + "; offloaded to host memory (" + group_digits(states.value()) +
                 " B)");
    }
    return;
  }
  set(e, Component::kOptimizer, states, st.what);
}

// Activation bytes one layer keeps for backward, per token (Korthikanti et al.
// 2022, table 2 generalised to an element size e and GQA / gated MLPs).
// `scores` receives the per-token bytes that grow with the sequence (eager
// attention scores), so checkpointing and flash attention can drop them.
uint64_t layer_bytes_per_token(const ModelSpec& m, uint64_t e, uint64_t seq, uint64_t& scores) {
  const uint64_t h = m.hidden_size, q = q_dim(m), kv = kv_dim(m), f = mlp_width_per_token(m);
  const uint64_t a = m.num_heads;
  if (m.has_dropout) {
    // GPT-style: attention 5e·h + h (mask), MLP 9e·h + h (mask), 2 LayerNorms 2e·h;
    // scores (2e + 1)·a·s: softmax output, dropout mask, dropout output.
    scores = (2 * e + 1) * a * seq;
    return (5 * e + 1) * h + (9 * e + 1) * h + 2 * e * h;
  }
  // Llama-style, no dropout: norm inputs 2h, QKV input h, Q/K/V, attention output
  // q, MLP input h, gate/up/act/product 4f (gated) or fc1/act 2f; softmax output
  // and its 16-bit copy for the V product 2e·a·s.
  scores = 2 * e * a * seq;
  return e * (2 * h + h + q + 2 * kv + q + h + (m.gated_mlp ? 4 * f : 2 * f));
}

void activations(const Context& c, const Scheme& s, Estimate& e) {
  if (!c.arch_known) {
    return set_unknown(e, Component::kActivations, "needs hidden size, heads and layers");
  }
  const ModelSpec& m = c.model;
  if (c.w.textbook) {
    set(e, Component::kActivations,
        c.term()
            .times(c.w.batch, "batch")
            .times(c.w.seq, "tokens")
            .times(m.hidden_size + m.intermediate_size, "(hidden + intermediate)")
            .times(m.num_layers, "layers")
            .in(s.act),
        "REFERENCE.md: (hidden + intermediate) × seq × layers × bytes per sequence");
    return;
  }
  const uint64_t el = static_cast<uint64_t>(dbits(s.act) / 8);
  uint64_t scores = 0;
  const uint64_t base = layer_bytes_per_token(m, el, c.w.seq, scores);
  const bool flash = c.w.attention != Attention::kEager;  // sdpa runs the flash kernels
  // Flash attention (and sdpa) keeps only the FP32 log-sum-exp per head and token.
  const uint64_t attn = flash ? 4 * m.num_heads : scores;
  const uint64_t full_layer = base + attn;
  Term t = c.term();
  const char* assumption = "";
  switch (c.w.checkpointing) {
    case Checkpointing::kNone:
      t.times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .times(m.num_layers, "layers")
          .times(full_layer, "B/token/layer");
      assumption = flash ? "every layer keeps its intermediates; flash attention keeps no scores"
                         : "every layer keeps its intermediates incl. eager attention scores";
      break;
    case Checkpointing::kSelective:
      t.times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .times(m.num_layers, "layers")
          .times(base + (flash ? attn : 0), "B/token/layer");
      assumption = "selective recomputation: attention scores recomputed in backward";
      break;
    case Checkpointing::kFull:
      // Each layer's input is kept; one layer is recomputed at a time.
      t.times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .times(m.num_layers * m.hidden_size * el + full_layer, "B/token (inputs + 1 layer)");
      assumption = "full checkpointing: layer inputs kept, one layer recomputed at a time";
      break;
  }
  if (c.hw.tp > 1) {
    t.divided_by(c.hw.tp, "tensor-parallel GPUs");
    if (c.text()) {
      return set(e, Component::kActivations, t,
                 std::string(assumption) + "; split over tensor-parallel GPUs");
    }
  }
  set(e, Component::kActivations, t, assumption);
}

void logits(const Context& c, const Scheme& s, Estimate& e) {
  if (!c.arch_known) return set_unknown(e, Component::kLogits, "needs the vocabulary size");
  if (c.w.textbook || !c.model.has_lm_head) {
    return assume(
        e, Component::kLogits,
        c.w.textbook ? "not in the textbook formulas" : "the base encoder has no LM head");
  }
  // Logits in the compute dtype, their FP32 upcast for the loss, and its gradient.
  const int bits = (s.act == DType::kFP32 ? 0 : dbits(s.act)) + 32 + 32;
  set(e, Component::kLogits,
      c.term()
          .times(c.w.batch, "batch")
          .times(c.w.seq, "tokens")
          .times(c.model.vocab_size, "vocab")
          .bytes_of_bits(bits, "logits + FP32 copy + gradient")
          .divided_by(c.hw.tp, "tensor-parallel GPUs (vocab-parallel loss)"),
      "cross-entropy over FP32-upcast logits for every position");
}

}  // namespace

void estimate_training(const Context& ctx, Estimate& e) {
  const Scheme s = scheme_of(ctx.w.precision);
  weights_and_states(ctx, s, e);
  activations(ctx, s, e);
  logits(ctx, s, e);
  assume(e, Component::kKVCache, "training runs without a KV cache");
}

}  // namespace vramcalc::detail
