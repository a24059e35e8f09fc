#!/usr/bin/env python3
"""deepseek_v4 counter (stdlib only).
Inventory from the DeepSeek-V4 reference inference code as mirrored at
Nicooo-Wang/DeepSeek-V4-Pro-code inference/model.py @0ec3a03c2fc34f29b2e72696ceaed9ae7a373aeb (third-party mirror of the
HF repo's inference/model.py; see deepseek_v4.md for caveats). Cache shapes from the same file (kv_cache buffers)."""
import os
import json
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026/')
MODELS = [('deepseek-ai/DeepSeek-V4-Flash', 'deepseek-ai__DeepSeek-V4-Flash.json', 158069433298),
          ('deepseek-ai/DeepSeek-V4-Pro', 'deepseek-ai__DeepSeek-V4-Pro.json', 861608274846)]
# HF Hub safetensors totals quoted in models.tsv (counts packed FP4 elements), used as stored-element check.

def cdiv(a, b): return -(-a // b)

def count(c):
    dim = c['hidden_size']; V = c['vocab_size']; nh = c['num_attention_heads']; hd = c['head_dim']; ql = c['q_lora_rank']
    ol = c['o_lora_rank']; g = c['o_groups']; E = c['n_routed_experts']; mi = c['moe_intermediate_size']
    L = c['num_hidden_layers']; ih = c['index_n_heads']; idim = c['index_head_dim']; hc = c['hc_mult']
    nhash = c.get('num_hash_layers', 0); k = c['num_experts_per_tok']; ratios = c['compress_ratios']
    nmtp = c.get('num_nextn_predict_layers', 0); rope = c['qk_rope_head_dim']
    fp4 = c.get('expert_dtype') == 'fp4'
    cat = {}
    st = dict(params=0, stored=0, fp8=0, fp4=0, bf16=0, fp32=0, int64=0, scale_e8m0=0)
    def add(catname, n_param, stored, **bytes_kind):
        cat[catname] = cat.get(catname, 0) + n_param
        st['params'] += n_param; st['stored'] += stored
        for kk, vv in bytes_kind.items(): st[kk] += vv
    def lin(catname, o, i, kind):
        if kind == 'fp8':
            s = cdiv(o, 128) * cdiv(i, 128); add(catname, o * i, o * i + s, fp8=o * i, scale_e8m0=s)
        elif kind == 'fp4':
            s = o * (i // 32); add(catname, o * i, o * (i // 2) + s, fp4=o * i, scale_e8m0=s)   # weight [o, i/2] float4_e2m1fn_x2
        else:
            add(catname, o * i, o * i, bf16=o * i)
    def vec(catname, n, kind='bf16'):
        add(catname, n, n, **{kind: n})
    def compressor(catname, ratio, h):
        coff = 1 + (ratio == 4)
        vec(catname, ratio * coff * h, 'fp32')                  # ape
        lin(catname, coff * h, dim, 'bf16'); lin(catname, coff * h, dim, 'bf16')   # wkv, wgate (stored bf16)
        vec(catname, h)                                          # norm
    def block(lid, pre):
        r = ratios[lid]
        vec(pre + 'attention', nh, 'fp32')                       # attn_sink
        lin(pre + 'attention', ql, dim, 'fp8'); vec(pre + 'attention', ql)             # wq_a, q_norm
        lin(pre + 'attention', nh * hd, ql, 'fp8')                                     # wq_b
        lin(pre + 'attention', hd, dim, 'fp8'); vec(pre + 'attention', hd)             # wkv (single KV head), kv_norm
        lin(pre + 'attention', g * ol, nh * hd // g, 'fp8')                            # wo_a (grouped low-rank O; fp8 in checkpoint)
        lin(pre + 'attention', dim, g * ol, 'fp8')                                     # wo_b
        if r:
            compressor(pre + 'compressor', r, hd)
            if r == 4:
                lin(pre + 'indexer', ih * idim, ql, 'fp8'); lin(pre + 'indexer', ih, dim, 'bf16')
                compressor(pre + 'indexer', 4, idim)
        lin(pre + 'router', E, dim, 'bf16')
        if lid < nhash: add(pre + 'hash_table', V * k, V * k, int64=V * k)            # tid2eid (int32 in code, I64 in the checkpoint; not learnable)
        else: vec(pre + 'router', E, 'fp32')                                           # gate bias
        for _ in range(E):
            for (o, i) in ((mi, dim), (dim, mi), (mi, dim)):
                lin(pre + 'experts', o, i, 'fp4' if fp4 else 'fp8')
        for (o, i) in ((mi, dim), (dim, mi), (mi, dim)):
            lin(pre + 'shared_expert', o, i, 'fp8')
        vec(pre + 'norms', 2 * dim)
        mix = (2 + hc) * hc
        vec(pre + 'hyper_connections', 2 * mix * hc * dim + 2 * mix + 6, 'fp32')   # hc_attn/ffn_fn, _base, _scale
    vec('embedding', V * dim)
    for l in range(L): block(l, '')
    vec('final_norm', dim); vec('head', V * dim); vec('hyper_connections', hc * hc * dim + hc + 1, 'fp32')
    for j in range(nmtp):
        block(L + j, 'mtp.')
        lin('mtp.attention', dim, dim, 'fp8'); lin('mtp.attention', dim, dim, 'fp8')  # e_proj, h_proj
        vec('mtp.norms', 3 * dim); vec('mtp.hyper_connections', hc * hc * dim + hc + 1, 'fp32')
        # embed/head shared with the main model (MTPBlock.embed = model.embed)
    # cache (reference code: bf16 buffers)
    win = c['sliding_window']
    per_token = 0; fixed = 0; tally = {}
    for lid in range(L):
        r = ratios[lid]; tally[r] = tally.get(r, 0) + 1
        fixed += win * hd * 2                                    # sliding-window KV ring [window, head_dim]
        if r:
            coff = 1 + (r == 4)
            per_token += hd * 2 / r                               # compressed KV entries [seq/r, head_dim]
            fixed += 2 * coff * r * coff * hd * 4                 # compressor kv_state + score_state fp32
            if r == 4:
                per_token += idim * 2 / 4                         # indexer compressed keys [seq/4, index_head_dim]
                fixed += 2 * 2 * 4 * 2 * idim * 4                 # indexer compressor states
    return cat, st, per_token, fixed, tally

def main():
    for name, f, hf_total in MODELS:
        c = json.load(open(D + f))
        cat, st, pt, fx, tally = count(c)
        print('==', name)
        for k, v in sorted(cat.items()): print(f'   {k:24s} {v:>18,}')
        main_p = sum(v for k, v in cat.items() if not k.startswith('mtp.'))
        learn = st['params'] - cat.get('hash_table', 0)
        print(f'   main params {main_p:,}  (+MTP {st["params"] - main_p:,})  total {st["params"]:,}')
        print(f'   learnable (excl. tid2eid hash tables) {learn:,}')
        print(f'   stored elements {st["stored"]:,}  HF total {hf_total:,}  diff {st["stored"] - hf_total:,}')
        wb = st['fp4'] // 2 + st['fp8'] + st['scale_e8m0'] + 2 * st['bf16'] + 4 * st['fp32'] + 8 * st['int64']
        print(f'   weight bytes {wb:,} ({wb/1e9:,.1f} GB): fp4 {st["fp4"]:,} fp8 {st["fp8"]:,} bf16 {st["bf16"]:,} fp32 {st["fp32"]:,}'
              f' int64 {st["int64"]:,} e8m0 scales {st["scale_e8m0"]:,}')
        print(f'   compress_ratios (main layers): {tally};  reference-code cache: {pt:,.2f} B/token + {fx:,} B/seq fixed (bf16 KV)')
        for ctx in (8192, 131072, 1048576):
            print(f'      ctx {ctx:>8}: {(pt * ctx + fx) / 2**20:,.1f} MiB/seq')

if __name__ == '__main__':
    main()
