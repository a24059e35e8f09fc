// --runtime hf, training: the bytes a step keeps by role (formulas.py pieces(),
// loss_terms(), ckpt_forward_attention()), derived from the transformers ~4.45 eager
// code path and checked against bench/accuracy/measured.json. README.md in
// bench/accuracy explains every term ("Training (steady-state step 2)").
#include "runtime_hf.h"

namespace vramcalc::detail::hf {

namespace {

constexpr Component kA = Component::kActivations;
constexpr Component kL = Component::kLogits;

Term bytes(Term t, uint64_t e) { return t.bytes_of_bits(static_cast<int>(8 * e), dtype_name(e)); }

Term shifted(const Dims& D) {
  return Term().times(D.b, "batch").times(D.s - 1, "shifted positions").times(D.V, "vocab");
}

Part value_part(Component c, const std::string& what, Checked v, const std::string& formula) {
  return part(c, what, v, group_digits(v.value()) + " B (" + formula + ")");
}

}  // namespace

Pieces pieces(const Dims& D, const Roles& P) {
  const Checked T = D.T, h = D.h, q = D.q, kv = D.kv, I = D.I, S2 = D.S2, N = D.N;
  const uint64_t e = D.e, r = D.r;
  const bool amp = D.prec == Precision::kAMP;
  const uint64_t w16 = amp ? 2 : 0;  // autocast's BF16 weight copies
  Pieces X;
  if (D.gpt2) {
    const Checked ln_stats = 2 * T * r;  // LayerNorm mean/rstd (input dtype, as measured)
    if (amp) {
      X.layer = 22 * T * h + 7 * S2 + 16 * T * I + 2 * ln_stats;
      X.layer_f = "22·T·h + 7·S2 + 16·T·I + 4·T·r";
      X.head = 6 * T * h + ln_stats;
      X.head_f = "6·T·h + 2·T·r";
      X.mlp_rel = 2 * T * I + T * h + w16 * P.down;
      X.mlp_new = 14 * T * I;
      X.attn_rel = 6 * T * h + ln_stats + 16 * T * I + 2 * T * h + 4 * T * h + 3 * S2 +
                   w16 * (P.mlp_linear_w + P.attn_o_w);
      X.attn_new = 2 * T * h + 8 * S2;
      X.lsm = N * 4;
    } else {
      X.layer = 8 * T * h * e + 2 * T * h + S2 * (2 * e + 1) + 5 * T * I * e + 2 * ln_stats;
      X.layer_f = "8·T·h·e + 2·T·h + S2·(2e+1) + 5·T·I·e + 4·T·r";
      X.head = 2 * T * h * e + ln_stats;
      X.head_f = "2·T·h·e + 2·T·r";
      X.mlp_rel = T * I * e + T * h;
      X.mlp_new = 3 * T * I * e;
      X.attn_rel = 2 * T * h * e + ln_stats + 5 * T * I * e + 2 * T * h + 2 * T * h * e + S2 * e;
      X.attn_new = T * h * e + 2 * S2 * e;
      X.lsm = N * e;
    }
    X.persist = T * h + 8 * D.s;  // embedding dropout mask, position ids
    X.ck_mask = Checked(D.b) * D.s * r;
    X.x_saved = 1;  // ln_1 saves the layer input
  } else {
    if (amp) {
      const Checked norm = 8 * T * h + 4 * T;  // x and x*rsqrt in FP32, rsqrt
      X.layer = 2 * norm + 10 * T * h + 8 * T * q + 6 * S2 + 8 * T * I;
      X.layer_f = "2·(8·T·h + 4·T) + 10·T·h + 8·T·q + 6·S2 + 8·T·I";
      X.head = norm + 2 * T * h;
      X.head_f = "10·T·h + 4·T";
      X.mlp_rel = 2 * T * I + w16 * P.down;
      X.mlp_new = 6 * T * I;
      X.attn_rel =
          norm + 4 * T * h + 8 * T * I + 4 * T * q + 2 * S2 + w16 * (P.mlp_linear_w + P.attn_o_w);
      X.attn_new = 2 * T * q + 8 * S2;
      X.x_saved = 1;
    } else {
      const Checked norm = T * h * (4 + 2 * e) + 4 * T;    // bf16: FP32 copy of x; fp32: x
      const Checked probs = e == 2 ? S2 * e : Checked(0);  // .to(bf16) copy of the softmax
      const bool narrow = D.K == 1 && D.b == 1;            // K/V expansions stay views
      const Checked kv_half = narrow ? T * kv * e : T * q * e;
      X.layer = 2 * norm + 2 * T * q * e + 2 * kv_half + 4 * S2 + probs + 4 * T * I * e;
      X.layer_f = std::string("2 norms 2·(T·h·(4+2e) + 4·T) + q, attn out 2·T·q·e + K, V ") +
                  (narrow ? "2·T·kv·e" : "2·T·q·e") + " + FP32 softmax 4·S2" +
                  (e == 2 ? " + its BF16 copy 2·S2" : "") + " + SwiGLU 4·T·I·e";
      X.head = norm;
      X.head_f = "T·h·(4+2e) + 4·T";
      X.mlp_rel = T * I * e;
      X.mlp_new = 3 * T * I * e;
      X.attn_rel = norm + 4 * T * I * e + T * q * e + kv_half + probs;
      X.attn_new = T * q * e + 8 * S2;
      X.x_saved = e == 4 ? 1 : 0;
    }
    X.persist = 2 * Checked(D.s) * D.d * (amp ? 4 : e);  // cos, sin
    X.ck_mask = Checked(D.b) * D.s * D.s * r;            // 4D causal mask
    X.lsm = N * 4;
  }
  X.head_fwd = amp ? 4 * T * h : Checked(0);
  X.w16_layer = w16 * P.layer_linear_w;
  X.w16_lm = w16 * P.lm_head;
  X.w16_all = w16 * (P.linear_w + P.linear_b);
  return X;
}

std::vector<Part> loss_parts(const Dims& D) {
  std::vector<Part> t;
  const bool copy = D.b > 1;  // logits[..., :-1, :] is already contiguous when b == 1
  if (D.gpt2 && D.prec == Precision::kAMP) {
    t.push_back(part(kL, "logits", bytes(tokens(D).times(D.V, "vocab"), 2)));
    if (copy) t.push_back(part(kL, "shifted copy", bytes(shifted(D), 2)));
    t.push_back(part(kL, "FP32 cast for cross_entropy", bytes(shifted(D), 4)));
    t.push_back(part(kL, "log_softmax", bytes(shifted(D), 4)));
  } else if (D.gpt2) {
    t.push_back(part(kL, "logits", bytes(tokens(D).times(D.V, "vocab"), D.e)));
    if (copy) t.push_back(part(kL, "shifted copy", bytes(shifted(D), D.e)));
    t.push_back(part(kL, "log_softmax", bytes(shifted(D), D.e)));
  } else {
    t.push_back(part(kL, "FP32 logits", bytes(tokens(D).times(D.V, "vocab"), 4)));
    if (copy) t.push_back(part(kL, "shifted copy", bytes(shifted(D), 4)));
    t.push_back(part(kL, "log_softmax", bytes(shifted(D), 4)));
  }
  if (copy) {
    t.push_back(
        part(kA, "shifted labels",
             Term().times(D.b, "batch").times(D.s - 1, "positions").bytes_of_bits(64, "int64")));
  }
  return t;
}

std::vector<Part> ckpt_attention_parts(const Dims& D, const Pieces& X) {
  const Checked T = D.T, h = D.h, q = D.q, kv = D.kv, S2 = D.S2;
  const uint64_t e = D.e, r = D.r;
  std::vector<Part> t = {
      part(kA, "checkpoint inputs",
           bytes(Term()
                     .times(D.L, "layers")
                     .times(D.b, "batch")
                     .times(D.s, "tokens")
                     .times(D.h, "hidden"),
                 r)),
      value_part(kA, "mask, position ids", X.ck_mask + 8 * D.s, "checkpoint arguments"),
      value_part(kA, "persistent", X.persist, D.gpt2 ? "dropout mask, position ids" : "cos/sin"),
  };
  if (D.gpt2) {
    t.push_back(value_part(kA, "inputs_embeds, position_embeds, ln_1 output",
                           2 * T * h * r + Checked(D.s) * D.h * r, "2·T·h·r + s·h·r"));
    t.push_back(value_part(kA, "fused qkv", 3 * T * h * e, "3·T·h·e"));
    t.push_back(D.prec == Precision::kAMP
                    ? value_part(kA, "scores + dropout", 8 * S2, "8·S2")
                    : value_part(kA, "scores + dropout", (2 * e + 1) * S2, "(2e+1)·S2"));
    return t;
  }
  const bool rep = 1 < D.K && D.K < D.H;
  if (D.prec == Precision::kAMP) {
    t.push_back(value_part(kA, "autocast weight cache", X.w16_all, "2 B × all linear weights"));
    t.push_back(value_part(kA, "normed input, q (FP32)", 4 * T * h + 4 * T * q, "4·T·h + 4·T·q"));
    t.push_back(value_part(kA, "k (FP32), v", 6 * T * (rep ? q : kv), rep ? "6·T·q" : "6·T·kv"));
    t.push_back(value_part(kA, "scores", 8 * S2, "8·S2"));
    return t;
  }
  t.push_back(value_part(kA, "normed input, q", T * h * e + T * q * e, "T·h·e + T·q·e"));
  t.push_back(value_part(kA, "k, v", 2 * T * (rep ? q : kv) * e, rep ? "2·T·q·e" : "2·T·kv·e"));
  t.push_back(e == 2 ? value_part(kA, "scores", S2 * (e + 8), "S2·(e+8)")
                     : value_part(kA, "scores", 8 * S2, "8·S2"));
  return t;
}

}  // namespace vramcalc::detail::hf
