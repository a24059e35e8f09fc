// --runtime hf, training: the steady-state peak of a full step (forward, loss, backward,
// optimizer.step, zero_grad(set_to_none)) as DESIGN.md's reference semantics define it.
// Peak = weights + buffers + inputs + optimizer states + the largest moment
// (formulas.py training_moments): the loss in the forward, the checkpointed forward's
// last attention, the loss backward, the MLP / attention backward of the last and
// first layers, the embedding backward, the optimizer step. Components are what is
// alive at the winning moment: gradients only exist from the backward on.
#include "runtime_hf.h"

namespace vramcalc::detail {

namespace hf {

namespace {

constexpr Component kA = Component::kActivations;
constexpr Component kG = Component::kGradients;
constexpr Component kL = Component::kLogits;

Part value_part(Component c, const std::string& what, Checked v, const std::string& formula) {
  return part(c, what, v, group_digits(v.value()) + " B (" + formula + ")");
}

Part per_layer(const std::string& what, uint64_t layers, Checked per, const std::string& f) {
  Term t = Term().times(layers, "layers").times(per.value(), "B (" + f + ")");
  return part(kA, what, Checked(layers) * per, t.text());
}

Part grads(const std::string& what, Checked elements, uint64_t p, const std::string& f) {
  return part(kG, what, elements * p,
              group_digits(elements.value()) + " params (" + f + ") × " + std::to_string(p) + " B");
}

}  // namespace

std::vector<Moment> training_moments(const Dims& D, const Roles& P, Checked adamw_temp) {
  const Pieces X = pieces(D, P);
  const uint64_t L = D.L, p = D.p, r = D.r, s = D.s;
  const Checked Thr = D.T * D.h * r;
  const Checked G = P.total(L);
  const bool tied = D.tie;
  const Checked head_params = P.lm_head + P.head - (tied ? Checked(0) : P.lm_head);
  const Checked mask_args = X.ck_mask + 8 * s;
  std::vector<Moment> M;

  Moment f{"forward:loss", "the loss at the end of the forward", {}};
  if (!D.ckpt) {
    f.parts.push_back(per_layer("saved activations", L, X.layer, X.layer_f));
  } else {
    f.parts.push_back(value_part(kA, "checkpoint inputs", Checked(L) * Thr, "L·T·h·r"));
    f.parts.push_back(
        value_part(kA, "mask, position ids (checkpoint args)", mask_args, "mask + 8·s"));
  }
  f.parts.push_back(value_part(kA, "final norm / lm_head input", X.head, X.head_f));
  f.parts.push_back(
      value_part(kA, "persistent", X.persist, D.gpt2 ? "dropout mask, position ids" : "cos/sin"));
  if (X.w16_all.value()) {
    f.parts.push_back(
        value_part(kA, "autocast BF16 weight cache", X.w16_all, "2 B × linear weights and biases"));
  }
  if (X.head_fwd.value()) {
    f.parts.push_back(value_part(kA, "FP32 final hidden held by the output", X.head_fwd, "4·T·h"));
  }
  for (const Part& lp : loss_parts(D)) f.parts.push_back(lp);
  M.push_back(f);
  if (D.ckpt) {
    M.push_back(Moment{"forward:checkpointed attention",
                       "the last layer's attention softmax in the checkpointed forward",
                       ckpt_attention_parts(D, X)});
  }

  std::vector<Part> kept;  // what the backward starts with
  if (!D.ckpt) {
    kept.push_back(
        per_layer("saved activations", L, X.layer + X.w16_layer,
                  X.w16_layer.value() ? X.layer_f + " + BF16 weight copies" : X.layer_f));
  } else {
    kept.push_back(value_part(kA, "checkpoint inputs", Checked(L) * Thr, "L·T·h·r"));
    kept.push_back(value_part(kA, "mask, position ids (checkpoint args)", mask_args, "mask + 8·s"));
  }
  kept.push_back(value_part(kA, "final norm / lm_head input", X.head, X.head_f));
  kept.push_back(value_part(kA, "persistent", X.persist, "whole step"));
  if (X.w16_lm.value())
    kept.push_back(value_part(kA, "BF16 lm_head weight copy", X.w16_lm, "2·V·h"));
  Moment start{"backward:start", "the start of the backward", kept};
  start.parts.push_back(value_part(kL, "log_softmax output", X.lsm, "kept for its backward"));
  if (D.b > 1) {
    start.parts.push_back(
        value_part(kA, "shifted labels", Checked(8) * D.b * (s - 1), "8·b·(s-1)"));
  }
  Moment loss = start;
  loss.name = "backward:loss";
  loss.where = "the loss backward (log_softmax and nll gradients)";
  loss.parts.push_back(value_part(kL, "nll grad + log_softmax grad", 2 * X.lsm, "2 × log_softmax"));
  M.push_back(start);
  M.push_back(loss);

  std::vector<uint64_t> ends = {0};  // the first layer's backward comes last
  if (L > 1) ends.push_back(L - 1);
  for (uint64_t l : ends) {
    for (const char* which : {"mlp", "attn"}) {
      const bool mlp = which[0] == 'm';
      Moment t{std::string("backward:") + which + " layer " + std::to_string(l),
               std::string(l + 1 == L ? "the last" : "the first") + " layer's " +
                   (mlp ? "MLP backward" : "attention backward (softmax)"),
               {value_part(kA, "persistent", X.persist, "whole step")}};
      Checked layer;
      if (!D.ckpt) {
        if (l)
          t.parts.push_back(
              per_layer("saved activations of layers below", l, X.layer + X.w16_layer, X.layer_f));
        t.parts.push_back(value_part(kA, "residual-stream grad", Thr, "T·h·r"));
        layer = X.layer + X.w16_layer;
      } else {
        t.parts.push_back(value_part(kA, "checkpoint inputs + mask",
                                     Checked(l + 1) * Thr + mask_args, "(l+1)·T·h·r + mask + 8·s"));
        t.parts.push_back(
            value_part(kA, "grad of layer output + recomputed output", 2 * Thr, "2·T·h·r"));
        layer = X.layer - X.x_saved * Thr + X.w16_layer;
        if (!mlp) t.parts.push_back(value_part(kA, "mid-layer residual grad", Thr, "T·h·r"));
      }
      t.parts.push_back(grads(
          "gradients so far",
          head_params + Checked(L - 1 - l) * P.layer + (mlp ? P.down : P.attn_tail), p,
          mlp ? "head + later layers + down_proj" : "head + later layers + MLP, norm, o_proj"));
      t.parts.push_back(value_part(kA, "this layer's saved activations not yet released",
                                   layer - (mlp ? X.mlp_rel : X.attn_rel), "SAVED − released"));
      t.parts.push_back(value_part(kA, "backward temporaries", mlp ? X.mlp_new : X.attn_new,
                                   mlp ? "gate/up grads" : "grad V + softmax backward 8·S2"));
      M.push_back(t);
    }
  }

  Moment emb{"backward:embedding",
             "the embedding backward (end of the backward)",
             {grads("gradients G", G, p, "all parameters")}};
  if (tied) {
    // The lm_head grad waits in the shared weight's input buffer until the embedding
    // grad arrives; the two are summed into a third tensor.
    emb.parts.push_back(
        grads("tied embedding: lm_head grad + embedding grad", 2 * P.lm_head, p, "2·V·h"));
  } else {
    emb.parts.push_back(value_part(kA, "grad into the embedding", Thr, "T·h·r"));
  }
  emb.parts.push_back(value_part(kA, "persistent", X.persist, "whole step"));
  M.push_back(emb);

  Moment o{"optimizer", "the optimizer step", {grads("gradients G", G, p, "all parameters")}};
  if (adamw_temp.value()) {
    o.parts.push_back(value_part(kA, "AdamW step temporaries", adamw_temp * p,
                                 "sqrt and /bias_correction of one parameter + the previous "
                                 "denom: max(n_i + 2·n_(i+1)) × p"));
  }
  M.push_back(o);
  return M;
}

}  // namespace hf

namespace {

std::string uncovered_training(const Context& c) {
  const Workload& w = c.w;
  if (w.precision != Precision::kBF16 && w.precision != Precision::kFP32 &&
      w.precision != Precision::kAMP) {
    return std::string("precision ") + to_string(w.precision);
  }
  if (w.method != Method::kFull) return std::string("method ") + to_string(w.method);
  if (w.checkpointing == Checkpointing::kSelective) return "selective checkpointing";
  if (w.attention != Attention::kEager)
    return w.attention == Attention::kSdpa ? "sdpa attention" : "flash attention";
  if (c.hw.gpus > 1 || c.hw.tp > 1 || c.hw.pp > 1) return "multi-GPU training";
  if (c.hw.offload != Offload::kNone) return "CPU offload";
  return "";
}

}  // namespace

void estimate_hf_training(const Context& c, Estimate& e) {
  std::string why = hf::uncovered_model(c);
  if (why.empty()) why = uncovered_training(c);
  if (!why.empty()) {
    estimate_training(c, e);
    hf::mark_generic(e, why);
    return;
  }
  const hf::Dims D = hf::dims_of(c);
  const hf::Roles P = hf::roles_of(D);
  const hf::ParamOrder order = hf::param_order(c, D);
  const hf::Checked params = P.total(D.L);
  e.params.trainable = params.value();
  const char* pdt = hf::dtype_name(D.p);

  set(e, Component::kWeights,
      Term().times(params.value(), "params").bytes_of_bits(static_cast<int>(8 * D.p), pdt),
      std::string("parameters in ") + pdt +
          (D.prec == Precision::kAMP ? " (amp: FP32 parameters, BF16 autocast)" : ""));
  hf::add_buffers(D, e);

  hf::Checked temp;  // AdamW step temporaries (elements)
  switch (c.w.optimizer) {
    case Optimizer::kAdamW: {
      Term st = Term()
                    .times(params.value(), "params")
                    .times(2, "(exp_avg, exp_avg_sq)")
                    .bytes_of_bits(static_cast<int>(8 * D.p), pdt);
      Term step = Term().times(order.tensors().value(), "tensors").bytes_of_bits(32, "FP32 step");
      ComponentEstimate& o = e.components[static_cast<int>(Component::kOptimizer)];
      o.bytes = (hf::Checked(st.value()) + step.value()).value();
      if (st.overflowed() || step.overflowed()) o.bytes = UINT64_MAX;
      o.formula = st.text() + " + " + step.text();
      o.assumption =
          "torch.optim.AdamW: exp_avg and exp_avg_sq in the parameters' dtype + an FP32 "
          "step per parameter tensor";
      temp = order.adamw_temporaries();
      break;
    }
    case Optimizer::kSGD:
      set(e, Component::kOptimizer,
          Term().times(params.value(), "params").bytes_of_bits(static_cast<int>(8 * D.p), pdt),
          "torch.optim.SGD(momentum=0.9): one momentum buffer in the parameters' dtype");
      break;
    default: {
      Estimate generic = e;
      estimate_training(c, generic);
      e.components[static_cast<int>(Component::kOptimizer)] = generic.at(Component::kOptimizer);
      e.components[static_cast<int>(Component::kOptimizer)].assumption +=
          " — not measured under hf (optimizer " + std::string(to_string(c.w.optimizer)) +
          "): generic formula; its step temporaries are left out";
      e.notes.push_back(std::string("runtime hf: optimizer ") + to_string(c.w.optimizer) +
                        " is not measured; generic states, no step temporaries");
    }
  }

  const std::vector<hf::Moment> M = hf::training_moments(D, P, temp);
  const size_t win = hf::winner(M, "backward:start");
  const hf::Moment& peak = M[win];
  std::vector<hf::Part> parts = peak.parts;
  parts.push_back(hf::part(Component::kActivations,
                           "inputs (input_ids, attention_mask, labels int64)",
                           tensors(3, "tensors", D).bytes_of_bits(64, "int64")));
  const std::string at = "peak at " + peak.where + " (moment " + peak.name + ", " +
                         group_digits(peak.total().value()) + " B)";
  const bool forward = peak.name.rfind("forward", 0) == 0;
  const std::string g = group_digits((params * D.p).value());
  hf::set_from_parts(e, Component::kGradients, parts,
                     forward ? at + ": no gradient exists yet; all " + g +
                                   " B appear in the backward, when less is live"
                             : at + ": the gradients alive then (all: " + g + " B)");
  bool logits_live = false;
  for (const hf::Part& pt : parts) logits_live = logits_live || (pt.comp == Component::kLogits);
  hf::set_from_parts(
      e, Component::kLogits, parts,
      at + (logits_live ? (D.gpt2 ? ": the logits and loss tensors alive then (GPT-2 keeps "
                                    "the logits in the model dtype; amp casts "
                                    "them to FP32 for cross_entropy)"
                                  : ": the FP32-upcast logits and loss tensors "
                                    "alive then")
                        : ": the logits and loss tensors are freed by then"));
  hf::set_from_parts(e, Component::kActivations, parts,
                     at +
                         ": the rest of that moment (saved and transient tensors, inputs); other "
                         "moments: " +
                         hf::moment_list(M, win) + "; " + hf::legend(D));
  e.components[static_cast<int>(Component::kKVCache)].assumption =
      "training runs with use_cache=False (HF forces it with checkpointing; config.use_cache=True "
      "would keep K/V until the loss: not modelled)";
}

}  // namespace vramcalc::detail
