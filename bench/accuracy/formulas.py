#!/usr/bin/python3
"""Closed-form model of the Hugging Face eager peaks measured by harness.py.

Every term is derived from the code path (which tensors a forward keeps,
which ones autograd saves, what the backward allocates before it frees) and
checked against bench/accuracy/measured.json. The peak is the static state
plus the largest of a few "moments"; each moment is a dict of named terms.

  /usr/bin/python3 bench/accuracy/formulas.py              # residuals, one line per case
  /usr/bin/python3 bench/accuracy/formulas.py --windows    # + every moment vs its measured window
  /usr/bin/python3 bench/accuracy/formulas.py --markdown   # residual table (README)
  /usr/bin/python3 bench/accuracy/formulas.py --decompose  # the peak moment's terms, per case (README)

Symbols: b batch, s sequence, T = b*s tokens, h hidden, H heads, K kv heads,
d head_dim, q = H*d, kv = K*d, I intermediate, V vocab, L layers,
S2 = b*H*s*s (attention score elements), N = b*(s-1)*V (shifted logits),
e = bytes of a matmul output (bf16 and amp 2, fp32 4), r = bytes of the
residual stream (bf16 2, fp32 and amp 4), p = bytes of a parameter (bf16 2,
fp32 and amp 4). Results are bytes. Tensors of a few bytes (wrapped Python
scalars, the loss) are left out.
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def dims(case):
    c = case["config"]
    b, s = case["batch"], case["seq"]
    prec = case["precision"]
    e = 4 if prec == "fp32" else 2
    p = 2 if prec == "bf16" else 4
    D = dict(b=b, s=s, T=b * s, prec=prec, e=e, p=p, arch=c["model_type"], mode=case["mode"],
             ckpt=case.get("checkpointing", "none") == "full", opt=case.get("optimizer"),
             foreach=bool(case.get("foreach")), use_cache=bool(case.get("use_cache")))
    if c["model_type"] == "gpt2":
        h = c["n_embd"]
        D.update(h=h, H=c["n_head"], K=c["n_head"], d=h // c["n_head"], I=c.get("n_inner") or 4 * h,
                 V=c["vocab_size"], L=c["n_layer"], tie=True, npos=c["n_positions"])
    else:
        H = c["num_attention_heads"]
        D.update(h=c["hidden_size"], H=H, K=c.get("num_key_value_heads") or H,
                 d=c.get("head_dim") or c["hidden_size"] // H, I=c["intermediate_size"], V=c["vocab_size"],
                 L=c["num_hidden_layers"], tie=bool(c.get("tie_word_embeddings")),
                 attention_bias=bool(c.get("attention_bias")))
    D["q"] = D["H"] * D["d"]
    D["kv"] = D["K"] * D["d"]
    D["S2"] = b * D["H"] * s * s
    D["N"] = b * (s - 1) * D["V"]
    D["r"] = 4 if prec in ("fp32", "amp") else 2
    return D


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

def param_order(D):
    """Element counts of the parameter tensors in registration order (= optimizer order)."""
    h, I, V, L, q, kv = D["h"], D["I"], D["V"], D["L"], D["q"], D["kv"]
    if D["arch"] == "gpt2":
        layer = [h, h, h * 3 * h, 3 * h, h * h, h, h, h, h * I, I, I * h, h]
        return [V * h, D["npos"] * h] + layer * L + [h, h]
    qkv_bias = D["arch"] == "qwen2" or D["attention_bias"]
    o_bias = D["attention_bias"] and D["arch"] != "qwen2"
    layer = ([q * h] + ([q] if qkv_bias else []) + [kv * h] + ([kv] if qkv_bias else []) +
             [kv * h] + ([kv] if qkv_bias else []) + [h * q] + ([h] if o_bias else []) +
             [I * h, I * h, h * I, h, h])
    return [V * h] + layer * L + [h] + ([] if D["tie"] else [V * h])


def params(D):
    """Parameter element counts by role."""
    h, I, V, L, q, kv = D["h"], D["I"], D["V"], D["L"], D["q"], D["kv"]
    if D["arch"] == "gpt2":
        attn_w, attn_b = h * 3 * h + h * h, 3 * h + h
        mlp_w, mlp_b = h * I + I * h, I + h
        return dict(
            layer=attn_w + attn_b + mlp_w + mlp_b + 4 * h,
            embed=V * h + D["npos"] * h, head=2 * h, lm_head=V * h,     # head = ln_f; lm_head = wte (tied)
            down=I * h + h,                                             # MLP c_proj
            attn_tail=mlp_w + mlp_b + 2 * h + h * h + h,                # MLP, ln_2, attention c_proj
            linear_w=L * (attn_w + mlp_w) + V * h, linear_b=L * (attn_b + mlp_b),
            layer_linear_w=attn_w + mlp_w, mlp_linear_w=mlp_w, attn_o_w=h * h)
    qkv_bias = D["arch"] == "qwen2" or D["attention_bias"]
    o_bias = D["attention_bias"] and D["arch"] != "qwen2"
    attn_w = q * h + 2 * kv * h + h * q
    attn_b = (q + 2 * kv if qkv_bias else 0) + (h if o_bias else 0)
    mlp_w = 3 * h * I
    return dict(
        layer=attn_w + attn_b + mlp_w + 2 * h,
        embed=V * h, head=h + (0 if D["tie"] else V * h), lm_head=V * h,
        down=h * I, attn_tail=mlp_w + h + h * q + (h if o_bias else 0),
        linear_w=L * (attn_w + mlp_w) + V * h, linear_b=L * attn_b,
        layer_linear_w=attn_w + mlp_w, mlp_linear_w=mlp_w, attn_o_w=h * q)


def total_params(D):
    P = params(D)
    return D["L"] * P["layer"] + P["embed"] + P["head"]


def static_bytes(D):
    """Weights, buffers, inputs, KV cache, optimizer states: live before the measured call."""
    T, L, p = D["T"], D["L"], D["p"]
    P = total_params(D)
    st = dict(weights=P * p, inputs=T * 8 * (2 if D["mode"] == "inference" else 3), kv_cache=0, optimizer=0)
    # GPT-2: one bool n_positions^2 causal-mask buffer per layer; Llama: the FP32 rotary inv_freq
    st["buffers"] = L * (D["npos"] ** 2 + 4) if D["arch"] == "gpt2" else D["d"] // 2 * 4
    if D["mode"] == "inference":
        # GPT-2 (legacy tuple cache): K and V are views of the fused c_attn output, which stays alive
        st["kv_cache"] = L * T * 3 * D["h"] * D["e"] if D["arch"] == "gpt2" else 2 * L * T * D["kv"] * D["e"]
    elif D["opt"] == "adamw":
        st["optimizer"] = 2 * P * p + 4 * len(param_order(D))   # exp_avg, exp_avg_sq (param dtype), FP32 step
    elif D["opt"] == "sgd":
        st["optimizer"] = P * p                                 # momentum buffer
    return st


# ---------------------------------------------------------------------------
# Inference: one no_grad prefill, KV cache kept
# ---------------------------------------------------------------------------

def inference_moments(D):
    b, s, T, h, d, q, kv, I, V, L, e, S2 = (D[k] for k in "b s T h d q kv I V L e S2".split())
    if D["arch"] == "gpt2":
        # GPT2Model keeps inputs_embeds and position_embeds (locals); the (b,1,1,s) mask; position ids
        common = {"embeddings (inputs_embeds + position_embeds)": T * h * e + s * h * e,
                  "attention mask b*s*e": b * s * e, "position ids 8s": 8 * s}
        logits = {"final hidden T*h*e": T * h * e, "logits T*V*e (GPT-2 does not upcast)": T * V * e}
        attn = dict(common)
        attn["layer input + ln_1 output 2*T*h*e"] = 2 * T * h * e
        # matmul copies the permuted q and k next to its S2 output, then S2 pairs (scaled/masked/softmax)
        attn["scores max(2*S2*e, S2*e + 2*T*h*e)"] = max(2 * S2 * e, S2 * e + 2 * T * h * e)
        mlp = dict(common)
        mlp["layer input, attn output, residual, ln_2 output 4*T*h*e"] = 4 * T * h * e
        mlp["gelu_new: input, 0.5*x, x^3, 0.044715*x^3  4*T*I*e"] = 4 * T * I * e
        return {"logits": logits, "attention": attn, "mlp": mlp}
    # Llama family: LlamaModel.forward keeps inputs_embeds, the 4D mask, cos/sin, position ids
    n_res = 1 if L == 1 else 2                          # inputs_embeds (+ the layer input when L > 1)
    common = {"4D causal mask b*s*s*e": b * s * s * e, "cos/sin 2*s*d*e": 2 * s * d * e, "position ids 8s": 8 * s,
              "inputs_embeds + layer input": n_res * T * h * e}
    if e == 2:
        logits = {"final hidden T*h*e": T * h * e, "logits T*V*e": T * V * e, "FP32 logits T*V*4": T * V * 4}
    else:
        logits = {"final hidden T*h*4": T * h * 4, "FP32 logits T*V*4": T * V * 4}
    rep = 2 * T * q * e if 1 < D["K"] < D["H"] else 0   # repeat_kv copies (K == 1 stays a view)
    attn = dict(common)
    attn["normed input T*h*e"] = T * h * e
    attn["q after RoPE T*q*e"] = T * q * e
    if rep:
        attn["repeat_kv K,V copies 2*T*q*e"] = rep
    if e == 2:  # masked scores (bf16) + FP32 copy made by softmax(dtype=fp32) + FP32 softmax output
        attn["scores S2*(2+4+4)"] = S2 * 10
    else:
        attn["scores S2*(4+4)"] = S2 * 8
    base = sum(common.values()) + T * h * e
    alt = max(3 * T * q * e + rep + S2 * e, 4 * T * q * e + T * kv * e)   # tiny S2: output / RoPE moments
    if base + alt > sum(attn.values()):
        attn = dict(common)
        attn["normed input T*h*e"] = T * h * e
        attn["q/RoPE/output temporaries (tiny S2)"] = alt
    mlp = dict(common)
    mlp["residual + normed input 2*T*h*e"] = 2 * T * h * e
    mlp["SwiGLU silu(gate), up, product 3*T*I*e"] = 3 * T * I * e
    return {"logits": logits, "attention": attn, "mlp": mlp}


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------

def pieces(D):
    """Bytes of the tensors a training step keeps, by role (see README, "Training").

    layer      saved by autograd per decoder layer (no checkpointing)
    head       saved for the final norm and lm_head; released first in backward
    persist    saved outside the layers for the whole backward
    head_fwd   alive only at the loss in the forward (amp: the FP32 final hidden state)
    x_saved    1 if the layer's first norm saves the layer input itself
    mlp_rel/mlp_new    last-layer MLP backward: released before / allocated at its peak
    attn_rel/attn_new  last-layer attention backward: released before / allocated at its peak
    lsm        the log_softmax output (and each of its two gradients)
    """
    T, h, q, kv, I, S2, e, s, b, d, N = (D[k] for k in "T h q kv I S2 e s b d N".split())
    prec = D["prec"]
    P = params(D)
    w16 = 2 if prec == "amp" else 0                            # autocast's BF16 weight copies
    X = {}
    if D["arch"] == "gpt2":
        r = D["r"]
        ln_stats = 2 * T * r                                    # LayerNorm mean/rstd (CPU: input dtype)
        if prec == "amp":
            X["layer"] = 22 * T * h + 7 * S2 + 16 * T * I + 2 * ln_stats
            X["head"] = 6 * T * h + ln_stats
            X["mlp_rel"], X["mlp_new"] = 2 * T * I + T * h + w16 * P["down"], 14 * T * I
            X["attn_rel"] = (6 * T * h + ln_stats + 16 * T * I + 2 * T * h + 4 * T * h + 3 * S2
                             + w16 * (P["mlp_linear_w"] + P["attn_o_w"]))
            X["attn_new"] = 2 * T * h + 8 * S2
            X["lsm"] = N * 4
        else:
            X["layer"] = 8 * T * h * e + 2 * T * h + S2 * (2 * e + 1) + 5 * T * I * e + 2 * ln_stats
            X["head"] = 2 * T * h * e + ln_stats
            X["mlp_rel"], X["mlp_new"] = T * I * e + T * h, 3 * T * I * e
            X["attn_rel"] = 2 * T * h * e + ln_stats + 5 * T * I * e + 2 * T * h + 2 * T * h * e + S2 * e
            X["attn_new"] = T * h * e + 2 * S2 * e
            X["lsm"] = N * e
        X["persist"] = T * h + 8 * s                            # embedding dropout mask, position ids
        X["ck_mask"] = b * s * r                                # the (b,1,1,s) mask, a checkpoint argument
        X["x_saved"] = 1                                        # ln_1 saves the layer input
    else:
        if prec == "amp":
            norm = 8 * T * h + 4 * T                            # x and x*rsqrt in FP32, rsqrt
            X["layer"] = 2 * norm + 10 * T * h + 8 * T * q + 6 * S2 + 8 * T * I
            X["head"] = norm + 2 * T * h
            X["mlp_rel"], X["mlp_new"] = 2 * T * I + w16 * P["down"], 6 * T * I
            X["attn_rel"] = (norm + 4 * T * h + 8 * T * I + 4 * T * q + 2 * S2
                             + w16 * (P["mlp_linear_w"] + P["attn_o_w"]))
            X["attn_new"] = 2 * T * q + 8 * S2
            X["x_saved"] = 1
        else:
            norm = T * h * (4 + 2 * e) + 4 * T                  # bf16: FP32 copy of x; fp32: x itself
            probs = S2 * e if e == 2 else 0                     # .to(bf16) copy of the softmax output
            kv_keep = 2 * T * kv * e if (D["K"] == 1 and b == 1) else 2 * T * q * e
            X["layer"] = 2 * norm + 2 * T * q * e + kv_keep + 4 * S2 + probs + 4 * T * I * e
            X["head"] = norm
            X["mlp_rel"], X["mlp_new"] = T * I * e, 3 * T * I * e
            X["attn_rel"] = norm + 4 * T * I * e + T * q * e + kv_keep // 2 + probs
            X["attn_new"] = T * q * e + 8 * S2
            X["x_saved"] = 1 if e == 4 else 0
        X["persist"] = 2 * s * d * (4 if prec == "amp" else e)  # cos, sin
        X["ck_mask"] = b * s * s * D["r"]                       # 4D causal mask, a checkpoint argument
        X["lsm"] = N * 4
    X["head_fwd"] = T * h * 4 if prec == "amp" else 0
    X["w16_layer"] = w16 * P["layer_linear_w"]
    X["w16_lm"] = w16 * P["lm_head"]
    X["w16_all"] = w16 * (P["linear_w"] + P["linear_b"])
    return X


def loss_terms(D):
    """The loss at the end of the forward: logits, the shifted copy, log_softmax."""
    T, V, N, b, s, e = D["T"], D["V"], D["N"], D["b"], D["s"], D["e"]
    t = {}
    if D["arch"] == "gpt2" and D["prec"] == "amp":
        t["logits T*V*2"] = T * V * 2
        if b > 1:
            t["shifted copy N*2"] = N * 2
        t["FP32 cast for cross_entropy N*4"] = N * 4
        t["log_softmax N*4"] = N * 4
    elif D["arch"] == "gpt2":
        t["logits T*V*e"] = T * V * e
        if b > 1:
            t["shifted copy N*e"] = N * e
        t["log_softmax N*e"] = N * e
    else:
        t["FP32 logits T*V*4"] = T * V * 4
        if b > 1:
            t["shifted copy N*4"] = N * 4
        t["log_softmax N*4"] = N * 4
    if b > 1:  # logits[..., :-1, :] and labels[..., 1:] are already contiguous when b == 1
        t["shifted labels 8*b*(s-1)"] = 8 * b * (s - 1)
    return t


def use_cache_extra(D):
    """config.use_cache=True in training: the DynamicCache keeps until the loss the K (after RoPE)
    and V tensors that autograd does not already keep (b == 1 MHA: matmul keeps views of them)."""
    if not D["use_cache"] or D["ckpt"] or D["arch"] == "gpt2":
        return 0
    T, kv, L, b, K, H = D["T"], D["kv"], D["L"], D["b"], D["K"], D["H"]
    ek, ev = (4, 2) if D["prec"] == "amp" else (D["e"], D["e"])
    k_extra = 0 if (b == 1 and K == H and D["prec"] != "amp") else T * kv * ek
    v_extra = 0 if (b == 1 and K == H) else T * kv * ev
    return L * (k_extra + v_extra)


def ckpt_forward_attention(D, X):
    """Checkpointed forward (no_grad) of the last layer, at its softmax."""
    T, h, q, kv, S2, e, s, L, r = (D[k] for k in "T h q kv S2 e s L r".split())
    t = {"checkpoint inputs L*T*h*r": L * T * h * r, "mask, position ids": X["ck_mask"] + 8 * s,
         "persistent (cos/sin or dropout mask)": X["persist"]}
    if D["arch"] == "gpt2":
        t["inputs_embeds, position_embeds, ln_1 output"] = 2 * T * h * r + s * h * r
        t["fused qkv 3*T*h*e"] = 3 * T * h * e
        t["scores + dropout"] = 8 * S2 if D["prec"] == "amp" else (2 * e + 1) * S2
        return t
    rep = 1 < D["K"] < D["H"]
    if D["prec"] == "amp":
        t["autocast weight cache"] = X["w16_all"]
        t["normed input, q (FP32)"] = T * h * 4 + T * q * 4
        t["k (FP32), v"] = T * q * 6 if rep else T * kv * 6
        t["scores S2*(4+4)"] = 8 * S2
        return t
    t["normed input, q"] = T * h * e + T * q * e
    t["k, v (repeated if 1<K<H)"] = 2 * T * q * e if rep else 2 * T * kv * e
    t["scores"] = S2 * (e + 8) if e == 2 else 8 * S2
    return t


def training_moments(D):
    X = pieces(D)
    P = params(D)
    L, T, h, p, r, s = D["L"], D["T"], D["h"], D["p"], D["r"], D["s"]
    G = total_params(D) * p
    G_head = (P["lm_head"] + P["head"] - (0 if (D["tie"] or D["arch"] == "gpt2") else P["lm_head"])) * p
    G_layer = P["layer"] * p
    M = {}
    # --- forward: the loss
    f = {}
    if not D["ckpt"]:
        f["saved activations L*layer"] = L * X["layer"]
    else:
        f["checkpoint inputs L*T*h*r"] = L * T * h * r
        f["mask, position ids (checkpoint args)"] = X["ck_mask"] + 8 * s
    f["final norm / lm_head input (head)"] = X["head"]
    f["persistent (cos/sin, dropout mask, position ids)"] = X["persist"]
    if X["w16_all"]:
        f["autocast BF16 weight cache"] = X["w16_all"]
    if X["head_fwd"]:
        f["FP32 final hidden held by the output"] = X["head_fwd"]
    if use_cache_extra(D):
        f["use_cache K/V not otherwise kept"] = use_cache_extra(D)
    f.update(loss_terms(D))
    M["forward:loss"] = f
    if D["ckpt"]:
        M["forward:checkpointed attention"] = ckpt_forward_attention(D, X)
    # --- backward
    A_bwd = {}
    if not D["ckpt"]:
        A_bwd["saved activations L*layer"] = L * (X["layer"] + X["w16_layer"])
    else:
        A_bwd["checkpoint inputs L*T*h*r"] = L * T * h * r
        A_bwd["mask, position ids (checkpoint args)"] = X["ck_mask"] + 8 * s
    A_bwd["head"] = X["head"]
    A_bwd["persistent"] = X["persist"]
    if X["w16_lm"]:
        A_bwd["BF16 lm_head weight copy"] = X["w16_lm"]
    labels = 8 * D["b"] * (s - 1) if D["b"] > 1 else 0
    start = dict(A_bwd)
    start["log_softmax output"] = X["lsm"]
    if labels:
        start["shifted labels"] = labels
    M["backward:start"] = start
    loss = dict(start)
    loss["nll grad + log_softmax grad 2*lsm"] = 2 * X["lsm"]
    M["backward:loss"] = loss
    for l in sorted({L - 1, 0}):
        for part in ("mlp", "attn"):
            t = {"persistent": X["persist"]}
            if not D["ckpt"]:
                t["saved activations of layers below"] = l * (X["layer"] + X["w16_layer"])
                t["residual-stream grad T*h*r"] = T * h * r
                layer = X["layer"] + X["w16_layer"]
            else:
                t["checkpoint inputs (l+1)*T*h*r + mask"] = (l + 1) * T * h * r + X["ck_mask"] + 8 * s
                t["grad of layer output + recomputed output 2*T*h*r"] = 2 * T * h * r
                layer = X["layer"] - X["x_saved"] * T * h * r + X["w16_layer"]
                if part == "attn":
                    t["mid-layer residual grad T*h*r"] = T * h * r
            t["gradients so far"] = G_head + (L - 1 - l) * G_layer + \
                (P["down"] if part == "mlp" else P["attn_tail"]) * p
            t["this layer's saved (recomputed) activations"] = layer - X[part + "_rel"]
            t["backward temporaries"] = X[part + "_new"]
            M["backward:%s layer %d" % (part, l)] = t
    if D["tie"] or D["arch"] == "gpt2":
        # the lm_head grad waits in the tied weight's input buffer; embedding grad; their sum
        M["backward:embedding"] = {"gradients G": G, "embedding grad + sum 2*V*h*p": 2 * P["lm_head"] * p,
                                   "persistent": X["persist"]}
    else:
        M["backward:embedding"] = {"gradients G": G, "grad into the embedding T*h*r": T * h * r,
                                   "persistent": X["persist"]}
    # --- optimizer
    o = {"gradients G": G}
    if D["opt"] == "adamw":
        if D["foreach"]:
            o["foreach sqrt + denom lists 2*G (torch 1.13)"] = 2 * G
        else:
            order = param_order(D)
            o["sqrt, /bias_corr of one param + previous denom"] = max(
                [2 * order[0]] + [order[i] + 2 * order[i + 1] for i in range(len(order) - 1)]) * p
    M["optimizer"] = o
    return M


# ---------------------------------------------------------------------------
# Prediction and residuals
# ---------------------------------------------------------------------------

WINDOW_OF = {"logits": "head", "attention": "attn_last", "mlp": "mlp_last", "forward": "forward",
             "backward": "backward", "optimizer": "optimizer", "backward:start": "backward_start"}


def predict(case):
    """{"peak", "dynamic", "moment", "terms", "static", "moments": {name: bytes}}"""
    D = dims(case)
    M = inference_moments(D) if D["mode"] == "inference" else training_moments(D)
    totals = {k: sum(v.values()) for k, v in M.items()}
    peak_moments = {k: v for k, v in totals.items() if k != "backward:start"}
    moment = max(peak_moments, key=peak_moments.get)
    st = static_bytes(D)
    dynamic = peak_moments[moment]
    return dict(peak=sum(st.values()) + dynamic, dynamic=dynamic, moment=moment, terms=M[moment],
                static=st, moments=totals)


def window_checks(case, pred):
    """(name, predicted, measured) for every measured window the model has a moment for."""
    w = case["measured"].get("windows", {})
    out = []
    groups = {}
    for k, v in pred["moments"].items():
        g = k.split(":")[0] if k != "backward:start" else "backward:start"
        groups[g] = max(groups.get(g, 0), v)
    for g, v in groups.items():
        name = WINDOW_OF.get(g)
        if name == "backward_start" and "backward" in w:
            out.append((g, v, w["backward"]["dynamic_at_start"]))
        elif name in w:
            out.append((g, v, w[name]["dynamic_peak"]))
    return out


def rows():
    res = []
    for r in json.load(open(os.path.join(HERE, "measured.json"))):
        t = predict(r)
        m = r["measured"]
        res.append(dict(rec=r, pred=t,
                        res_peak=100.0 * (t["peak"] - m["peak_bytes"]) / m["peak_bytes"],
                        res_dyn=100.0 * (t["dynamic"] - m["dynamic_bytes"]) / m["dynamic_bytes"],
                        res_raw=100.0 * (t["peak"] - m["peak_bytes_cpu_raw"]) / m["peak_bytes_cpu_raw"]))
    return res


def fmt_case(r):
    c = r["config"]
    return "%s %s %s %s%s b%d s%d" % (r["id"], r["mode"][:5], r["precision"], c["model_type"],
                                      " ckpt" if r["checkpointing"] == "full" else "", r["batch"], r["seq"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--windows", action="store_true")
    ap.add_argument("--decompose", action="store_true")
    args = ap.parse_args()
    R = rows()
    if args.markdown:
        print("| case | peak at (measured) | model's moment | measured peak B | predicted B | residual | "
              "dynamic residual | vs raw CPU peak |")
        print("|---|---|---|---:|---:|---:|---:|---:|")
        for x in R:
            r, t = x["rec"], x["pred"]
            print("| %s | %s | %s | %d | %d | %+.3f%% | %+.3f%% | %+.3f%% |" % (
                fmt_case(r), r["measured"]["peak_phase"], t["moment"], r["measured"]["peak_bytes"], t["peak"],
                x["res_peak"], x["res_dyn"], x["res_raw"]))
    elif args.decompose:
        for x in R:
            r, t = x["rec"], x["pred"]
            m = r["measured"]
            print("- **%s** (%s %s): measured transient %d B = dynamic %d B%s; model moment `%s` = %d B (%+.3f%%):"
                  % (r["id"], r["config"]["model_type"], r["mode"], m["transient_bytes"], m["dynamic_bytes"],
                     " - gradients %d B" % m["gradients_bytes"] if r["mode"] == "training" else "",
                     t["moment"], t["dynamic"], x["res_dyn"]))
            print("  " + "; ".join("%s %d" % (k, v) for k, v in t["terms"].items() if v))
    else:
        for x in R:
            r, t = x["rec"], x["pred"]
            line = "%-32s meas %-14s model %-26s peak %+7.3f%%  dynamic %+7.3f%%  raw %+7.3f%%" % (
                fmt_case(r), r["measured"]["peak_phase"], t["moment"], x["res_peak"], x["res_dyn"], x["res_raw"])
            if args.windows:
                line += "  | " + " ".join("%s %+.2f%%" % (g, 100.0 * (v - w) / w) for g, v, w in window_checks(r, t) if w)
            print(line)
    worst = max(R, key=lambda x: abs(x["res_peak"]))
    worst_d = max(R, key=lambda x: abs(x["res_dyn"]))
    worst_w = max(((x["rec"]["id"], g, 100.0 * (v - w) / w) for x in R for g, v, w in window_checks(x["rec"], x["pred"])
                   if w), key=lambda z: abs(z[2]))
    print("%d cases; worst peak residual %s %+.3f%%; worst dynamic residual %s %+.3f%%; worst window %s %s %+.2f%%"
          % (len(R), worst["rec"]["id"], worst["res_peak"], worst_d["rec"]["id"], worst_d["res_dyn"], *worst_w))


if __name__ == "__main__":
    main()
