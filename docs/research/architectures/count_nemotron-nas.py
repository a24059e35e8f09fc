#!/usr/bin/env python3
"""nemotron-nas (DeciLM) counter, stdlib only.
Inventory: NVIDIA-NeMo/Automodel nemo_automodel/components/models/decilm/layers.py @973123eccfbf2f36d096ca73567c06e80a284890
(re-implementation matching HF checkpoint keys of remote modeling_decilm.py) and
vllm-project/vllm vllm/model_executor/models/nemotron_nas.py @00bd1493b3e82d6c13c68ee8a0e1c5a96707e190."""
import os
import json
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026/')
NAME = 'nvidia/Llama-3_3-Nemotron-Super-49B-v1'
F = 'nvidia__Llama-3_3-Nemotron-Super-49B-v1.json'

def pub(name):
    with open(D + 'models.tsv') as f:
        h = f.readline().rstrip('\n').split('\t')
        for l in f:
            r = dict(zip(h, l.rstrip('\n').split('\t')))
            if r['model'] == name: return int(r['published_params']), r['exactness']

def ffn_mult_to_intermediate(m, H):
    i = int(2 * m * H / 3)
    return i if i % 256 == 0 else i + 256 - i % 256

def main():
    c = json.load(open(D + F))
    H = c['hidden_size']; V = c['vocab_size']; nh = c['num_attention_heads']
    hd = c.get('head_dim') or H // nh
    ab = bool(c.get('attention_bias', False)); mb = bool(c.get('mlp_bias', False))
    b = dict(embedding=V * H, head=0 if c.get('tie_word_embeddings') else V * H, final_norm=H,
             norms=0, attention=0, linear_attention=0, mlp=0, linear_mlp=0)
    kv_elems = 0; n_attn = 0; kinds = {}
    for blk in c['block_configs']:
        a, f = blk['attention'], blk['ffn']
        key = ('attn:' + ('noop' if a['no_op'] else 'linear' if a['replace_with_linear'] else 'gqa'),
               'ffn:' + ('noop' if f['no_op'] else 'linear' if f['replace_with_linear'] else 'swiglu'))
        kinds[key] = kinds.get(key, 0) + 1
        if not a['no_op']:
            b['norms'] += H                                   # input_layernorm only when attention exists
            if a['replace_with_linear']:
                b['linear_attention'] += H * H                # self_attn.linear_attn, bias=False
            else:
                nkv = nh // a['n_heads_in_group']
                b['attention'] += 2 * H * nh * hd + 2 * H * nkv * hd + ((2 * nh * hd + 2 * nkv * hd) if ab else 0)
                # (o_proj bias = H not nh*hd when ab; ab is False here)
                kv_elems += 2 * nkv * hd; n_attn += 1
        if not f['no_op']:
            b['norms'] += H                                   # post_attention_layernorm only when ffn exists
            if f['replace_with_linear']:
                b['linear_mlp'] += H * H                      # mlp.linear_mlp
            else:
                I = ffn_mult_to_intermediate(f['ffn_mult'], H)
                b['mlp'] += 3 * H * I + ((2 * I + H) if mb else 0)
    tot = sum(b.values()); p, ex = pub(NAME)
    print('==', NAME)
    for k, v in b.items(): print(f'   {k:18s} {v:>16,}')
    print('   block kinds:', kinds)
    print(f'   computed {tot:,}  published {p:,} ({ex})  diff {tot - p:,}')
    print(f'   attention layers {n_attn}/{len(c["block_configs"])}; KV bytes/token bf16 {kv_elems * 2:,}'
          f' (naive 80-layer uniform would be {len(c["block_configs"]) * 2 * (nh // 8) * hd * 2:,})')

if __name__ == '__main__':
    main()
