#!/usr/bin/env python3
"""Parameter / cache count for model_type minimax_m2 (MiniMaxAI/MiniMax-M2.5).

Inventory: huggingface/transformers src/transformers/models/minimax_m2/modular_minimax_m2.py
(commit ea9df1d3bd9784aa7e6abd8f4be29551dd58d6d8; port of the remote modeling_minimax_m2.py):
  attention = FlexOlmoAttention with q_norm over num_heads*head_dim and k_norm over num_kv_heads*head_dim
  ("qk_norm_type": "per_layer"), no biases; MoE = Mixtral experts + TopK router (no bias) + buffer
  e_score_correction_bias [E]; no shared expert (shared_intermediate_size 0); RMSNorm; untied head.
FP8 block storage per quantization_config (weight_block_size [128,128], modules_to_not_convert gate,
e_score_correction_bias, lm_head): one fp32 weight_scale_inv per 128x128 block of each quantized Linear.
Stdlib only.
"""
import csv, json, math, os

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
F = 'MiniMaxAI__MiniMax-M2.5.json'


def published():
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if os.path.basename(row['config_file']) == F:
                return row['model'], int(row['published_params']), row['exactness']


def main():
    c = json.load(open(os.path.join(REF, F)))
    H, V, L, nh, kv, hd, E, I = (c['hidden_size'], c['vocab_size'], c['num_hidden_layers'], c['num_attention_heads'],
                                 c['num_key_value_heads'], c['head_dim'], c['num_local_experts'], c['intermediate_size'])
    q = c.get('quantization_config') or {}
    blk = (q.get('weight_block_size') or [128, 128])
    sc = lambda o, i: math.ceil(o / blk[0]) * math.ceil(i / blk[1])
    attn_mats = [(nh * hd, H), (kv * hd, H), (kv * hd, H), (H, nh * hd)]
    attn = sum(o * i for o, i in attn_mats) + nh * hd + kv * hd          # + q_norm, k_norm (full width)
    exp_mats = [(I, H), (I, H), (H, I)]                                  # w1/gate, w3/up, w2/down per expert
    experts = E * sum(o * i for o, i in exp_mats)
    router = E * H
    bias_buf = E                                                         # e_score_correction_bias (buffer, stored)
    parts = dict(embedding=V * H, attention=L * attn, experts=L * experts, router=L * router,
                 e_score_bias_buffer=L * bias_buf, norms=L * 2 * H + H, head=0 if c.get('tie_word_embeddings') else V * H)
    total = sum(parts.values())
    scales = L * (sum(sc(o, i) for o, i in attn_mats) + E * sum(sc(o, i) for o, i in exp_mats)) if q else 0
    name, p, ex = published()
    print(f'== {name}')
    for k, v in parts.items():
        print(f'   {k:20s} {v:>16,}')
    print(f'   learnable params (excl. buffer) {total - parts["e_score_bias_buffer"]:,}')
    print(f'   tensor elements (params+buffer) {total:,} + fp32 block scales {scales:,} = {total + scales:,}')
    print(f'   published {p:,} ({ex})  diff {total + scales - p:,}   -> checkpoint carries NO MTP weights '
          f'(use_mtp={c.get("use_mtp")}, num_mtp_modules={c.get("num_mtp_modules")})')
    act = parts['embedding'] + parts['head'] + parts['attention'] + parts['norms'] + L * (router + c['num_experts_per_tok'] * 3 * H * I)
    print(f'   active/token incl. emb+head {act:,}; excl. input embedding {act - parts["embedding"]:,}')
    fp8_bytes = (L * (sum(o * i for o, i in attn_mats) + experts)) * 1 + scales * 4 + \
        (total - L * (sum(o * i for o, i in attn_mats) + experts)) * 2
    print(f'   FP8 checkpoint bytes ~ {fp8_bytes:,} (quantized Linear 1 B + fp32 scales; rest BF16)')
    kvb = 2 * kv * hd * 2
    print(f'   KV: {L} full layers x {kvb} B/token = {L * kvb:,} B/token (BF16); no sliding window')


if __name__ == '__main__':
    main()
