// --runtime hf, shared parts: which models the measurements cover, their dimensions and
// parameter roles, the optimizer's parameter order, and turning moments into components.
#include <algorithm>

#include "modules.h"
#include "runtime_hf.h"

namespace vramcalc::detail::hf {

Checked& Checked::operator+=(Checked o) {
  over_ = over_ || o.over_ || __builtin_add_overflow(v_, o.v_, &v_);
  return *this;
}

Checked operator*(Checked a, Checked b) {
  Checked r;
  r.over_ = a.over_ || b.over_ || __builtin_mul_overflow(a.v_, b.v_, &r.v_);
  return r;
}

Checked operator-(Checked a, Checked b) {
  Checked r;
  r.over_ = a.over_ || b.over_;
  r.v_ = a.v_ > b.v_ ? a.v_ - b.v_ : 0;
  return r;
}

Checked max(Checked a, Checked b) {
  if (a.overflow() || b.overflow()) return a.overflow() ? a : b;
  return a < b ? b : a;
}

Checked Roles::total(uint64_t L) const { return Checked(L) * layer + embed + head; }

Checked Moment::total() const {
  Checked t;
  for (const Part& p : parts) t += p.bytes;
  return t;
}

namespace {

bool llama_family(const ModelSpec& m) {
  return m.model_type == "llama" || m.model_type == "mistral" || m.model_type == "qwen2";
}

}  // namespace

Dims dims_of(const Context& c) {
  const ModelSpec& m = c.model;
  Dims D;
  D.gpt2 = m.model_type == "gpt2";
  D.training = c.w.mode == Mode::kTraining;
  if (D.training) {
    D.prec = c.w.precision;
  } else {
    D.prec = c.w.weight_dtype == DType::kFP32 ? Precision::kFP32 : Precision::kBF16;
  }
  D.ckpt = D.training && c.w.checkpointing == Checkpointing::kFull;
  D.sdpa = !D.training && c.w.attention == Attention::kSdpa;
  D.gen = D.training ? 0 : c.w.generate_tokens;
  D.b = c.w.batch;
  D.s = c.w.seq;
  D.h = m.hidden_size;
  D.H = m.num_heads;
  D.K = m.num_kv_heads ? m.num_kv_heads : m.num_heads;
  D.d = m.head_dim;
  D.I = m.intermediate_size;
  D.V = m.vocab_size;
  D.L = m.num_layers;
  D.npos = m.learned_position_rows;
  D.tie = D.gpt2 || m.tied_embeddings;
  D.qkv_bias = !D.gpt2 && m.qkv_bias;
  D.o_bias = !D.gpt2 && m.attn_out_bias;
  D.q = D.H * D.d;
  D.kv = D.K * D.d;
  D.e = D.prec == Precision::kFP32 ? 4 : 2;
  D.p = D.prec == Precision::kBF16 ? 2 : 4;
  D.r = D.prec == Precision::kBF16 ? 2 : 4;
  D.T = Checked(D.b) * D.s;
  D.S2 = Checked(D.b) * D.H * D.s * D.s;
  D.N = Checked(D.b) * (D.s - 1) * D.V;
  return D;
}

Roles roles_of(const Dims& D) {
  const Checked h = D.h, I = D.I, V = D.V, L = D.L, q = D.q, kv = D.kv;
  Roles R;
  if (D.gpt2) {
    const Checked attn_w = h * 3 * h + h * h, attn_b = 3 * h + h;
    const Checked mlp_w = h * I + I * h, mlp_b = I + h;
    R.layer = attn_w + attn_b + mlp_w + mlp_b + 4 * h;
    R.embed = V * h + Checked(D.npos) * h;
    R.head = 2 * h;  // ln_f; the head is the tied wte
    R.lm_head = V * h;
    R.down = I * h + h;
    R.attn_tail = mlp_w + mlp_b + 2 * h + h * h + h;
    R.linear_w = L * (attn_w + mlp_w) + V * h;
    R.linear_b = L * (attn_b + mlp_b);
    R.layer_linear_w = attn_w + mlp_w;
    R.mlp_linear_w = mlp_w;
    R.attn_o_w = h * h;
    return R;
  }
  const Checked attn_w = q * h + 2 * kv * h + h * q;
  const Checked attn_b = (D.qkv_bias ? q + 2 * kv : Checked(0)) + (D.o_bias ? h : Checked(0));
  const Checked mlp_w = 3 * h * I;
  R.layer = attn_w + attn_b + mlp_w + 2 * h;
  R.embed = V * h;
  R.head = h + (D.tie ? Checked(0) : V * h);
  R.lm_head = V * h;
  R.down = h * I;
  R.attn_tail = mlp_w + h + h * q + (D.o_bias ? h : Checked(0));
  R.linear_w = L * (attn_w + mlp_w) + V * h;
  R.linear_b = L * attn_b;
  R.layer_linear_w = attn_w + mlp_w;
  R.mlp_linear_w = mlp_w;
  R.attn_o_w = h * q;
  return R;
}

ParamOrder param_order(const Context& c, const Dims& D) {
  // model_modules() lists the embeddings, then each per-layer module once (path with
  // "{L}") in implementation order, then the head. Norms are not modules there: Llama
  // registers input_layernorm and post_attention_layernorm after the MLP; GPT-2 ln_1
  // first and ln_2 before the MLP (weight + bias each); the final norm comes last.
  ParamOrder o;
  o.L = D.L;
  bool ln2_done = false;
  for (const Module& m : model_modules(c.model)) {
    if (m.output_layer) continue;  // tied, or added below (untied Llama)
    const bool per_layer = m.path.find("{L}") != std::string::npos;
    std::vector<uint64_t>& dst = per_layer ? o.layer : o.top;
    if (D.gpt2 && per_layer && !ln2_done && m.path.find(".mlp.") != std::string::npos) {
      dst.insert(dst.end(), {D.h, D.h});  // ln_2
      ln2_done = true;
    }
    dst.push_back(m.in * m.out);
    if (m.bias) dst.push_back(m.out);
  }
  if (D.gpt2) {
    o.layer.insert(o.layer.begin(), {D.h, D.h});  // ln_1
    o.tail = {D.h, D.h};                          // ln_f
  } else {
    o.layer.insert(o.layer.end(), {D.h, D.h});  // input_layernorm, post_attention_layernorm
    o.tail = {D.h};                             // final norm
    if (!D.tie) o.tail.push_back(D.V * D.h);    // lm_head
  }
  return o;
}

Checked ParamOrder::elements() const {
  Checked top_sum, layer_sum, tail_sum;
  for (uint64_t n : top) top_sum += n;
  for (uint64_t n : layer) layer_sum += n;
  for (uint64_t n : tail) tail_sum += n;
  return top_sum + Checked(L) * layer_sum + tail_sum;
}

Checked ParamOrder::tensors() const {
  return Checked(static_cast<uint64_t>(top.size() + tail.size())) +
         Checked(L) * static_cast<uint64_t>(layer.size());
}

Checked ParamOrder::adamw_temporaries() const {
  // Every adjacent pair of the full order occurs in top + layer + layer + tail.
  std::vector<uint64_t> seq = top;
  for (uint64_t l = 0; l < std::min<uint64_t>(L, 2); ++l)
    seq.insert(seq.end(), layer.begin(), layer.end());
  seq.insert(seq.end(), tail.begin(), tail.end());
  Checked best;
  if (!seq.empty()) best = Checked(2) * seq[0];
  for (size_t i = 0; i + 1 < seq.size(); ++i)
    best = max(best, Checked(seq[i]) + Checked(2) * seq[i + 1]);
  return best;
}

std::string uncovered_model(const Context& c) {
  const ModelSpec& m = c.model;
  if (!c.arch_known) return "a bare parameter count";
  if (m.model_type == "gpt2") {
    if (!m.tied_embeddings || m.num_heads == 0 || m.hidden_size % m.num_heads != 0) {
      return "this GPT-2 variant";
    }
  } else if (!llama_family(m)) {
    return "model_type " + m.model_type + " (measured: llama, mistral, qwen2, gpt2)";
  } else if (!m.gated_mlp || m.norm != NormKind::kRMSNorm || m.norms_per_layer != 2 ||
             !m.final_norm || m.embedding_norm || m.qk_norm_params || m.mlp_bias ||
             m.lm_head_bias || m.moe.moe_layers || m.mla_attention || m.learned_position_rows ||
             m.num_kv_heads == 0 || m.num_heads % m.num_kv_heads != 0) {
    return "this " + m.model_type + " variant";
  }
  if (m.num_layers == 0 || m.params_from_checkpoint) {
    return "this " + m.model_type + " variant";
  }
  const Dims D = dims_of(c);
  const Roles R = roles_of(D);
  const Checked total = R.total(D.L);
  if (total.overflow() || total.value() != c.params.total) {
    return "parameters other than formulas.py's (" + group_digits(c.params.total) + ")";
  }
  const Checked listed = param_order(c, D).elements();
  if (listed.overflow() || listed.value() != c.params.total) {
    return "a module layout other than formulas.py's";
  }
  return "";
}

const char* dtype_name(uint64_t bytes) { return bytes == 4 ? "FP32" : "BF16"; }

Part part(Component comp, const std::string& what, const Term& t) {
  Part p{comp, what, Checked(t.value()), t.text()};
  if (t.overflowed()) p.bytes = Checked::overflowed();
  return p;
}

Part part(Component comp, const std::string& what, Checked bytes, const std::string& text) {
  return Part{comp, what, bytes, text};
}

Term tokens(const Dims& D) { return Term().times(D.b, "batch").times(D.s, "tokens"); }

Term tensors(uint64_t n, const std::string& label, const Dims& D) {
  return Term().times(n, label).times(D.b, "batch").times(D.s, "tokens");
}

std::string legend(const Dims& D) {
  std::string s = "b=" + group_digits(D.b) + ", s=" + group_digits(D.s) +
                  ", h=" + group_digits(D.h) + ", H=" + group_digits(D.H) +
                  ", K=" + group_digits(D.K) + ", d=" + group_digits(D.d) +
                  ", I=" + group_digits(D.I) + ", V=" + group_digits(D.V) +
                  ", L=" + group_digits(D.L) + ", e=" + std::to_string(D.e);
  if (D.training) s += ", r=" + std::to_string(D.r) + ", p=" + std::to_string(D.p);
  return s;
}

void add_buffers(const Dims& D, Estimate& e) {
  ComponentEstimate& w = e.components[static_cast<int>(Component::kWeights)];
  const Checked mask = Checked(D.npos) * D.npos + 4;
  Term buf = D.gpt2 ? Term()
                          .times(D.L, "layers")
                          .times(mask.value(), "B (n_positions² bool mask + 4 B masked_bias)")
                    : Term().times(D.d / 2, "inv_freq").bytes_of_bits(32, "FP32");
  Checked sum = Checked(w.bytes) + buf.value();
  w.bytes = buf.overflowed() ? UINT64_MAX : sum.value();
  w.formula += " + " + buf.text();
  w.assumption +=
      D.gpt2 ? "; + buffers: one bool n_positions × n_positions causal mask per layer (attn.bias)"
             : "; + buffers: the FP32 rotary inv_freq";
}

void mark_generic(Estimate& e, const std::string& why) {
  const std::string suffix = " — not measured under hf (" + why + "): generic formula";
  for (ComponentEstimate& ce : e.components) {
    if (ce.id == Component::kOverhead || (ce.bytes == 0 && ce.known)) continue;
    ce.assumption += suffix;
  }
  e.notes.push_back("runtime hf: " + why + " is not measured; generic formulas used");
}

void set_from_parts(Estimate& e, Component comp, const std::vector<Part>& parts,
                    const std::string& assumption) {
  Checked sum;
  std::string text;
  for (const Part& p : parts) {
    if (p.comp != comp || (p.bytes.value() == 0 && !p.bytes.overflow())) continue;
    sum += p.bytes;
    text += (text.empty() ? "" : " + ") + p.what + " " + p.text;
  }
  ComponentEstimate& ce = e.components[static_cast<int>(comp)];
  ce.bytes = sum.value();
  ce.known = true;
  ce.formula = text.empty() ? "0" : text;
  ce.assumption = assumption;
}

size_t winner(const std::vector<Moment>& moments, const std::string& skip) {
  size_t best = 0;
  bool have = false;
  for (size_t i = 0; i < moments.size(); ++i) {
    if (moments[i].name == skip) continue;
    if (!have || moments[best].total() < moments[i].total()) best = i;
    have = true;
  }
  return best;
}

std::string moment_list(const std::vector<Moment>& moments, size_t win) {
  std::string s;
  for (size_t i = 0; i < moments.size(); ++i) {
    if (i == win || moments[i].name == "backward:start") continue;
    s += (s.empty() ? "" : ", ") + moments[i].name + " " +
         group_digits(moments[i].total().value()) + " B";
  }
  return s;
}

}  // namespace vramcalc::detail::hf
