#!/usr/bin/env python3
"""Parameter / cache count for model_type gpt_oss (openai/gpt-oss-20b, -120b).

Inventory from huggingface/transformers src/transformers/models/gpt_oss/modeling_gpt_oss.py
(commit 00d4b3d2142cb4ced2f51b90614b5d26bc045015) and configuration_gpt_oss.py
(commit 02b8f42b4240dddea1b27c45d2dc95fb2682f841). Stdlib only.
"""
import csv, json, os

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
DEFAULTS = dict(num_hidden_layers=36, num_local_experts=128, vocab_size=201088, hidden_size=2880,
                intermediate_size=2880, head_dim=64, num_attention_heads=64, num_key_value_heads=8,
                sliding_window=128, tie_word_embeddings=False, attention_bias=True, num_experts_per_tok=4)


def published():
    out = {}
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            out[os.path.basename(row['config_file'])] = (row['model'], row['published_params'], row['exactness'])
    return out


def count(c):
    g = lambda k: c.get(k, DEFAULTS[k]) if c.get(k) is not None else DEFAULTS[k]
    H, V, L = g('hidden_size'), g('vocab_size'), g('num_hidden_layers')
    nh, kv = g('num_attention_heads'), g('num_key_value_heads')
    hd = c.get('head_dim') or H // nh
    E, I = g('num_local_experts'), g('intermediate_size')
    bias = g('attention_bias')
    layer_types = c.get('layer_types') or ['sliding_attention' if (i + 1) % 2 else 'full_attention' for i in range(L)]
    b = 1 if bias else 0
    attn = (H * nh * hd + b * nh * hd) + 2 * (H * kv * hd + b * kv * hd) + (nh * hd * H + b * H)
    sinks = nh                                  # GptOssAttention.sinks [n_heads]
    router = E * H + E                          # GptOssTopKRouter weight + bias
    exp_w = E * H * 2 * I + E * I * H           # gate_up_proj [E,H,2I], down_proj [E,I,H]
    exp_b = E * 2 * I + E * H                   # gate_up_proj_bias [E,2I], down_proj_bias [E,H]
    norms = 2 * H
    emb = V * H
    head = 0 if g('tie_word_embeddings') else V * H
    parts = dict(embedding=emb, attention=L * attn, sinks=L * sinks, router=L * router,
                 experts=L * (exp_w + exp_b), norms=L * norms + H, head=head)
    total = sum(parts.values())
    # MXFP4 storage (quantization_config.quant_method == mxfp4): expert weight matrices become
    # 4-bit blocks of 32 + one E8M0 (1 byte) scale per 32; biases, attention, router, embeddings, head stay BF16.
    mx_bytes = (total - L * exp_w) * 2 + L * exp_w // 2 + L * exp_w // 32
    hub_elements = total + L * exp_w // 32      # what the HF Hub reports for the MXFP4 repo (empirical identity)
    n_full = sum(1 for t in layer_types if t == 'full_attention')
    n_slide = L - n_full
    kv_layer = 2 * kv * hd                       # elements per token per layer (K and V)
    return parts, total, dict(mxfp4_bytes=mx_bytes, hub_elements_mxfp4_repo=hub_elements,
                              n_full=n_full, n_sliding=n_slide, window=g('sliding_window'),
                              kv_elems_per_token_per_layer=kv_layer,
                              active=emb + head + L * (attn + sinks + router + norms) + H +
                              L * g('num_experts_per_tok') * (H * 2 * I + I * H + 2 * I + H))


def main():
    pub = published()
    for f in ('openai__gpt-oss-20b.json', 'openai__gpt-oss-120b.json'):
        c = json.load(open(os.path.join(REF, f)))
        parts, total, x = count(c)
        name, p, ex = pub[f]
        print(f'== {name}')
        for k, v in parts.items():
            print(f'   {k:10s} {v:>16,}')
        print(f'   computed   {total:>16,}   published {int(p):>16,} ({ex})  diff {total - int(p):,}')
        print(f'   active/token (top-{c.get("num_experts_per_tok")}, incl. emb+head) {x["active"]:,}')
        print(f'   MXFP4 checkpoint bytes {x["mxfp4_bytes"]:,}  Hub element count of the MXFP4 repo = {x["hub_elements_mxfp4_repo"]:,}')
        b = 2
        print(f'   KV: {x["n_full"]} full layers x {x["kv_elems_per_token_per_layer"] * b} B/token (BF16) = '
              f'{x["n_full"] * x["kv_elems_per_token_per_layer"] * b:,} B/token; {x["n_sliding"]} sliding layers capped at '
              f'{x["window"]} tokens = {x["n_sliding"] * x["kv_elems_per_token_per_layer"] * b * x["window"]:,} B/seq max')


if __name__ == '__main__':
    main()
