// Internal to runtime_hf*.cpp: --runtime hf, the C++ port of bench/accuracy/formulas.py
// (the closed-form model of Hugging Face eager peaks measured in bench/accuracy).
//
// The peak of a step is its static state (weights, buffers, inputs, KV cache, optimizer
// states) plus the largest of a few "moments" (the logits at the end of the forward, the
// last layer's attention softmax, a layer's backward, the optimizer step, ...). A moment
// is a list of named parts, each tagged with the component it is shown under, so the
// components sum exactly to the modelled peak. Symbols follow formulas.py: b batch,
// s sequence, T = b*s, h hidden, H heads, K kv heads, d head_dim, q = H*d, kv = K*d,
// I intermediate, V vocab, L layers, S2 = b*H*s^2, N = b*(s-1)*V, e / r / p bytes of a
// matmul output / the residual stream / a parameter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "estimate_parts.h"

namespace vramcalc::detail::hf {

// An unsigned 64-bit count that remembers overflow instead of wrapping; value() is
// UINT64_MAX once any operation overflowed (estimate() turns that into an error).
class Checked {
 public:
  constexpr Checked(uint64_t v = 0) : v_(v) {}  // NOLINT: implicit, to mix with literals
  static Checked overflowed() {
    Checked c;
    c.over_ = true;
    return c;
  }
  uint64_t value() const { return over_ ? UINT64_MAX : v_; }
  bool overflow() const { return over_; }
  Checked& operator+=(Checked o);
  friend Checked operator+(Checked a, Checked b) { return a += b; }
  friend Checked operator*(Checked a, Checked b);
  // Saturates at 0 (a model term never releases more than it holds).
  friend Checked operator-(Checked a, Checked b);
  friend bool operator<(Checked a, Checked b) { return a.value() < b.value(); }

 private:
  uint64_t v_ = 0;
  bool over_ = false;
};
Checked max(Checked a, Checked b);

// The shape and precision a formula sees. Filled only for covered combinations.
struct Dims {
  bool gpt2 = false;  // GPT2LMHeadModel; otherwise LlamaForCausalLM-style
  bool training = false;
  Precision prec = Precision::kBF16;  // bf16, fp32 or amp (inference: bf16 or fp32)
  bool ckpt = false;                  // full activation checkpointing (every decoder layer)
  bool sdpa = false;                  // inference under attn_implementation="sdpa"
  uint64_t gen = 0;                   // inference: new tokens of generate() (0: one forward)
  uint64_t b = 0, s = 0, h = 0, H = 0, K = 0, d = 0, I = 0, V = 0, L = 0, npos = 0;
  uint64_t q = 0, kv = 0;  // H*d, K*d
  bool tie = false, qkv_bias = false, o_bias = false;
  uint64_t e = 2, p = 2, r = 2;  // bytes: matmul output, parameter, residual stream
  Checked T, S2, N;              // b*s, b*H*s^2, b*(s-1)*V
};

// Parameter element counts by role (formulas.py params()).
struct Roles {
  Checked layer;  // one decoder layer
  Checked embed, head, lm_head, down, attn_tail, linear_w, linear_b, layer_linear_w, mlp_linear_w,
      attn_o_w;
  Checked total(uint64_t L) const;  // L*layer + embed + head
};

// The parameter tensors in registration order (= the optimizer's order): `top`, then
// `layer` repeated L times, then `tail` (element counts).
struct ParamOrder {
  std::vector<uint64_t> top, layer, tail;
  uint64_t L = 0;
  Checked elements() const;
  Checked tensors() const;
  // AdamW(foreach=False) step temporaries in elements: denom = (exp_avg_sq.sqrt() / c)
  // makes two tensors of a parameter's size while the previous parameter's denom is
  // still bound: max over adjacent tensors of n_i + 2*n_{i+1} (and 2*n_0).
  Checked adamw_temporaries() const;
};

struct Part {
  Component comp;
  std::string what;  // "FP32 logits"
  Checked bytes;
  std::string text;  // the formula with numbers filled in
};

struct Moment {
  std::string name;   // "forward:loss" (formulas.py's key)
  std::string where;  // "the loss at the end of the forward"
  std::vector<Part> parts;
  Checked total() const;
};

// Reasons a combination is not covered by the measurements; empty when covered.
std::string uncovered_model(const Context& c);
// Dims of a covered model under the workload (compute dtype: inference weight dtype,
// training precision).
Dims dims_of(const Context& c);
Roles roles_of(const Dims& D);
// From model_modules() plus the norms between the modules.
ParamOrder param_order(const Context& c, const Dims& D);

// Byte-size names for text: 2 -> "BF16", 4 -> "FP32".
const char* dtype_name(uint64_t bytes);
// A part from a Term (bytes = its value) or from a compound value with a text.
Part part(Component comp, const std::string& what, const Term& t);
Part part(Component comp, const std::string& what, Checked bytes, const std::string& text);
// "batch × tokens" as the start of a Term; tensors(): "n label × batch × tokens".
Term tokens(const Dims& D);
Term tensors(uint64_t n, const std::string& label, const Dims& D);
// "b=2, s=128, h=256, ..." for the assumption texts.
std::string legend(const Dims& D);

// Adds " (<why>: not measured under hf: generic formula)" to every component that the
// generic path set, and one note.
void mark_generic(Estimate& e, const std::string& why);
// Sets each component to the sum of the parts of `m` tagged with it (plus `extra`
// parts, e.g. inputs), the formula text listing them.
void set_from_parts(Estimate& e, Component comp, const std::vector<Part>& parts,
                    const std::string& assumption);
// Index of the largest moment (ties: the first), skipping names in `skip`.
size_t winner(const std::vector<Moment>& moments, const std::string& skip);
// "forward:loss 1,234 B, optimizer 987 B" over all moments (what lost, for the texts).
std::string moment_list(const std::vector<Moment>& moments, size_t win);

// What a training step keeps, by role (formulas.py pieces()); `*_f` are the symbolic
// formulas shown in texts.
struct Pieces {
  Checked layer;               // saved by autograd per decoder layer (no checkpointing)
  Checked head;                // saved for the final norm and lm_head; released first in backward
  Checked persist;             // saved outside the layers for the whole step
  Checked head_fwd;            // alive only at the loss in the forward (amp: FP32 final hidden)
  Checked x_saved;             // 1 if the layer's first norm saves the layer input itself
  Checked mlp_rel, mlp_new;    // last MLP backward: released before / allocated at its peak
  Checked attn_rel, attn_new;  // attention backward: released before / allocated at its peak
  Checked lsm;                 // the log_softmax output (and each of its two gradients)
  Checked ck_mask;             // the attention mask passed to every checkpointed layer
  Checked w16_layer, w16_lm, w16_all;  // amp: autocast's BF16 weight copies
  std::string layer_f, head_f;
};
Pieces pieces(const Dims& D, const Roles& P);
// The loss at the end of the forward: logits, the shifted copy, log_softmax, labels.
std::vector<Part> loss_parts(const Dims& D);
// Checkpointed (no_grad) forward of the last layer, at its softmax.
std::vector<Part> ckpt_attention_parts(const Dims& D, const Pieces& X);

std::vector<Moment> inference_moments(const Dims& D);
// `adamw_temp`: elements of the AdamW step temporaries (0 for SGD or an optimizer
// that is not modelled).
std::vector<Moment> training_moments(const Dims& D, const Roles& P, Checked adamw_temp);

// Adds the model's buffers to the weights component (GPT-2's per-layer causal mask,
// Llama's rotary inv_freq).
void add_buffers(const Dims& D, Estimate& e);

}  // namespace vramcalc::detail::hf
