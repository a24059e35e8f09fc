#!/usr/bin/env python3
"""gemma4 counter (stdlib). Inventory: huggingface/transformers src/transformers/models/gemma4/modeling_gemma4.py
@0246b4f3335464614ef1de66531f9131a44ec801 (see gemma4.md)."""
import os
import json
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026/')
NAME = 'google/gemma-4-26B-A4B'; F = 'google__gemma-4-26B-A4B.json'

def pub(name):
    with open(D + 'models.tsv') as f:
        h = f.readline().rstrip('\n').split('\t')
        for l in f:
            r = dict(zip(h, l.rstrip('\n').split('\t')))
            if r['model'] == name: return int(r['published_params']), r['exactness']

def text_counts(t, tie):
    H = t['hidden_size']; V = t['vocab_size']; nq = t['num_attention_heads']; L = t['num_hidden_layers']
    lt = t['layer_types']; ab = t.get('attention_bias', False)
    nshared = t.get('num_kv_shared_layers', 0) or 0; first_shared = L - nshared
    ple = t.get('hidden_size_per_layer_input', 0) or 0
    b = dict(embedding=V * H, head=0 if tie else V * H, final_norm=H, attention=0, attn_norms=0, mlp=0, experts=0,
             router=0, layer_norms=0, ple=0)
    buffers = 0
    kv_full = 0; kv_slide = 0
    for i in range(L):
        sl = lt[i] == 'sliding_attention'
        hd = t['global_head_dim'] if (not sl and t.get('global_head_dim')) else t['head_dim']
        alt = t.get('attention_k_eq_v', False) and not sl
        nkv = t['num_global_key_value_heads'] if alt else t['num_key_value_heads']
        shared = i >= first_shared >= 0 and nshared > 0
        b['attention'] += H * nq * hd + nq * hd * H + ((nq * hd + H) if ab else 0)   # q_proj, o_proj
        b['attn_norms'] += hd                                                       # q_norm
        if not shared:
            b['attention'] += H * nkv * hd * (1 if alt else 2) + ((nkv * hd * (1 if alt else 2)) if ab else 0)
            b['attn_norms'] += hd                                                   # k_norm (v_norm has no weight)
            if sl: kv_slide += 2 * nkv * hd
            else: kv_full += 2 * nkv * hd            # K and V are cached separately even when k_eq_v
        wide = t.get('use_double_wide_mlp', False) and i >= first_shared > 0
        I = t['intermediate_size'] * (2 if wide else 1)
        b['mlp'] += 3 * H * I
        b['layer_norms'] += 4 * H
        buffers += 1                                                                 # layer_scalar buffer [1]
        if ple:
            b['ple'] += 2 * H * ple + H                                             # per_layer_input_gate, per_layer_projection, post_per_layer_input_norm
        if t.get('enable_moe_block'):
            E = t['num_experts']; mi = t['moe_intermediate_size']
            b['experts'] += E * 2 * mi * H + E * H * mi                               # gate_up_proj [E,2mi,H], down_proj [E,H,mi]
            b['router'] += E * H + H + E                                             # router.proj, router.scale, per_expert_scale
            b['layer_norms'] += 3 * H                                                # post_ff_1, post_ff_2, pre_ff_2
    if ple:
        b['ple'] += t['vocab_size_per_layer_input'] * L * ple + H * L * ple + ple    # embed_tokens_per_layer, per_layer_model_projection, norm
    return b, buffers, kv_full, kv_slide

def vision_counts(v, text_H):
    vh = v['hidden_size']; vi = v['intermediate_size']; hd = v.get('head_dim') or vh // v['num_attention_heads']
    nq = v['num_attention_heads']; nkv = v['num_key_value_heads']
    per = vh * nq * hd * 2 + vh * nkv * hd * 2 + 2 * hd + 3 * vh * vi + 4 * vh     # q,k,v,o (ClippableLinear, no bias), q/k norm, mlp, 4 norms
    layers = v['num_hidden_layers'] * per
    ps = v['patch_size']
    patch = 3 * ps * ps * vh + 2 * v['position_embedding_size'] * vh                # input_proj [vh, 3*ps*ps], position_embedding_table [2, P, vh]
    buffers = 2 * vh if v.get('standardize') else 0                                  # std_bias, std_scale (persistent buffers)
    if v.get('use_clipped_linears'): buffers += 4 * 7 * v['num_hidden_layers']       # 4 scalars per ClippableLinear
    embed_vision = vh * text_H                                                       # embedding_projection (pre-norm has no weight)
    return dict(vision_layers=layers, vision_patch=patch, embed_vision=embed_vision), buffers

def main():
    c = json.load(open(D + F)); t = c['text_config']; v = c.get('vision_config')
    tie = c.get('tie_word_embeddings', t.get('tie_word_embeddings', True))
    b, tbuf, kvf, kvs = text_counts(t, tie)
    vb, vbuf = vision_counts(v, t['hidden_size']) if v else ({}, 0)
    p, ex = pub(NAME)
    params = sum(b.values()) + sum(vb.values())
    print('==', NAME)
    for k, x in list(b.items()) + list(vb.items()): print(f'   {k:16s} {x:>16,}')
    print(f'   text params {sum(b.values()):,}   vision tower+projector {sum(vb.values()):,}')
    print(f'   parameters {params:,}; persistent buffers: text layer_scalar {tbuf}, vision std_bias/std_scale {vbuf}')
    print(f'   stored tensors (params+buffers) {params + tbuf + vbuf:,}')
    print(f'   published {p:,} ({ex});  published - parameters = {p - params:,};  vocab*hidden = {t["vocab_size"] * t["hidden_size"]:,}')
    print(f'   => published == parameters + vocab*hidden (untied head counted) : {p == params + t["vocab_size"] * t["hidden_size"]}')
    sw = t['sliding_window']
    print(f'   KV: global layers {kvf * 2:,} B/token (bf16, K and V separate); sliding layers {kvs * 2:,} B/token capped at {sw} tokens')
    for ctx in (1024, 32768, 262144):
        print(f'      ctx {ctx:>6}: {(kvf * ctx + kvs * min(ctx, sw)) * 2 / 2**20:,.1f} MiB/seq')

if __name__ == '__main__':
    main()
