#!/usr/bin/env python3
"""Parameter / cache count for model_type mimo_v2_flash (XiaomiMiMo/MiMo-V2-Flash).

Inventory:
  huggingface/transformers src/transformers/models/mimo_v2_flash/modeling_mimo_v2_flash.py
      (commit 019770ddcfd6bd6c1089adebb7e6428b2155cf01): per-layer attention geometry, sinks on SWA layers,
      router weight + e_score_correction_bias buffer, packed experts, dense layer 0, MTP ignored (r"^model\\.mtp\\.").
  vllm-project/vllm vllm/model_executor/models/mimo_v2_flash.py (commit 01ed47b4166b26251895a9c298352fcdb2385149):
      reads the checkpoint keys swa_num_attention_heads / swa_num_key_value_heads / swa_head_dim / swa_v_head_dim,
      hybrid_layer_pattern (1 = SWA), moe_layer_freq, sliding_window_size; KV with K dim != V dim (DiffKV backend).
  MTP block structure (enorm, hnorm, eh_proj 2H->H, input_layernorm, SWA attention, pre_mlp/post_attention norm,
      dense MLP(intermediate_size), final_layernorm) from the sglang/vLLM MiMoV2 MTP layers (see mimo_v2_flash.md).
The configs-2026 file is trimmed: it has no num_nextn_predict_layers and no quantization ignore list.
Stdlib only.
"""
import csv, json, math, os

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
F = 'XiaomiMiMo__MiMo-V2-Flash.json'
N_MTP_ASSUMED = 3   # MiMo-V2 checkpoints declare num_nextn_predict_layers = 3 (not in the trimmed file)


def published():
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if os.path.basename(row['config_file']) == F:
                return row['model'], int(row['published_params']), row['exactness']


def main():
    c = json.load(open(os.path.join(REF, F)))
    H, V, L = c['hidden_size'], c['vocab_size'], c['num_hidden_layers']
    E, mi, I = c['n_routed_experts'], c['moe_intermediate_size'], c['intermediate_size']
    pat = c['hybrid_layer_pattern']; moe = c['moe_layer_freq']
    geo = {0: (c['num_attention_heads'], c['num_key_value_heads'], c['head_dim'], c['v_head_dim'],
               c.get('add_full_attention_sink_bias', False)),
           1: (c['swa_num_attention_heads'], c['swa_num_key_value_heads'], c['swa_head_dim'], c['swa_v_head_dim'],
               c.get('add_swa_attention_sink_bias', False))}
    bias = 1 if c.get('attention_bias') else 0

    def attn(kind):
        nh, kv, hd, vhd, sink = geo[kind]
        mats = [(nh * hd, H), (kv * hd, H), (kv * vhd, H), (H, nh * vhd)]
        return mats, sum(o * i for o, i in mats) + bias * (nh * hd + kv * hd + kv * vhd) + (nh if sink else 0)

    parts = dict(embedding=V * H, full_attn=0, swa_attn=0, sinks=0, dense_mlp=0, experts=0, router=0,
                 e_score_bias_buffer=0, norms=L * 2 * H + H, head=0 if c.get('tie_word_embeddings') else V * H)
    for i in range(L):
        k = pat[i]
        mats, a = attn(k)
        sink = geo[k][0] if geo[k][4] else 0
        parts['swa_attn' if k else 'full_attn'] += a - sink
        parts['sinks'] += sink
        if moe[i]:
            parts['experts'] += E * 3 * H * mi
            parts['router'] += E * H
            parts['e_score_bias_buffer'] += E
        else:
            parts['dense_mlp'] += 3 * H * I
    main_total = sum(parts.values())
    _, swa_a = attn(1)
    mtp_one = 2 * H * H + swa_a + 3 * H * I + 5 * H
    mtp = N_MTP_ASSUMED * mtp_one
    name, p, ex = published()
    print(f'== {name}')
    for k2, v in parts.items():
        print(f'   {k2:20s} {v:>16,}')
    print(f'   main model (params + router bias buffer)  {main_total:,}')
    print(f'   MTP x{N_MTP_ASSUMED} (assumed; absent from trimmed config)   {mtp:,}   ({mtp_one:,} each)')
    q = c.get('quantization_config') or {}
    blk = q.get('weight_block_size') or [128, 128]
    sc = lambda o, i: math.ceil(o / blk[0]) * math.ceil(i / blk[1])
    all_scales = sum(sum(sc(o, i) for o, i in attn(pat[i])[0]) + (E * (2 * sc(mi, H) + sc(H, mi)) if moe[i] else
                     2 * sc(I, H) + sc(H, I)) for i in range(L))
    mtp_scales = N_MTP_ASSUMED * (sum(sc(o, i) for o, i in attn(1)[0]) + 2 * sc(I, H) + sc(H, I) + sc(H, 2 * H))
    print(f'   fp32 block scales if every attention/MLP/expert Linear is FP8: main {all_scales:,}, MTP {mtp_scales:,}')
    resid = p - main_total - mtp
    print(f'   published {p:,} ({ex}) - main - MTP = {resid:,} (should be the stored scale count; '
          f'all-quantized would give {all_scales + mtp_scales:,}: the exact ignore list is not in the file -> UNRESOLVED '
          f'to {abs(resid - all_scales - mtp_scales):,} elements = {abs(resid - all_scales - mtp_scales) / p:.1e} of total)')
    print(f'   learnable params, main model only (what HF transformers builds): {main_total - parts["e_score_bias_buffer"]:,}')
    act = parts['embedding'] + parts['head'] + parts['full_attn'] + parts['swa_attn'] + parts['sinks'] + parts['norms'] + \
        parts['dense_mlp'] + parts['router'] + sum(moe) * c['num_experts_per_tok'] * 3 * H * mi
    print(f'   active/token incl. emb+head {act:,}; excl. input embedding {act - parts["embedding"]:,}')
    for k, lab in ((0, 'full'), (1, 'SWA')):
        nh, kv, hd, vhd, _ = geo[k]
        n = pat.count(k)
        per = kv * (hd + vhd) * 2
        cap = c.get('sliding_window_size', c.get('sliding_window')) if k else None
        print(f'   KV {lab}: {n} layers x {kv}x({hd}+{vhd})x2 B = {per:,} B/token/layer -> {n * per:,} B/token'
              + (f', capped at {cap} tokens (<= {n * per * cap:,} B/seq)' if cap else ''))


if __name__ == '__main__':
    main()
