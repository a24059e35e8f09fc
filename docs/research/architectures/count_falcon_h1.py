#!/usr/bin/env python3
"""falcon_h1 counter (stdlib). huggingface/transformers src/transformers/models/falcon_h1/modeling_falcon_h1.py
@001f85b38fb432858ace93f18622f07cec46d874, configuration_falcon_h1.py @020a37d2264e60dc7beb9634c3e87ad870073e2c.
No config in refdata: without an argument it runs on FalconH1Config class defaults (NOT a released model)."""
import json, sys
DEFAULTS = dict(vocab_size=128000, tie_word_embeddings=False, hidden_size=4096, intermediate_size=14336,
                num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8, mamba_d_ssm=1024,
                mamba_n_heads=128, mamba_d_head='auto', mamba_n_groups=1, mamba_d_state=256, mamba_d_conv=4,
                mamba_expand=2, mamba_conv_bias=True, mamba_proj_bias=False, mamba_rms_norm=False,
                projectors_bias=False, attention_bias=False, mlp_bias=False)

def count(c):
    H = c['hidden_size']; V = c['vocab_size']; L = c['num_hidden_layers']; nq = c['num_attention_heads']
    nkv = c['num_key_value_heads'] or nq; hd = c.get('head_dim') or H // nq
    di = c['mamba_d_ssm'] if c['mamba_d_ssm'] is not None else int(c['mamba_expand'] * H)
    nh = c['mamba_n_heads']; dh = di // nh if c['mamba_d_head'] == 'auto' else c['mamba_d_head']
    ng = c['mamba_n_groups']; N = c['mamba_d_state']; K = c['mamba_d_conv']; conv = di + 2 * ng * N
    I = c['intermediate_size']; ab = c['attention_bias']; mb = c['mlp_bias']
    per = dict(
        attention=2 * H * nq * hd + 2 * H * nkv * hd + ((nq * hd + 2 * nkv * hd + H) if ab else 0),
        mamba=(H * (di + conv + nh) + ((di + conv + nh) if c['mamba_proj_bias'] else 0)
               + conv * K + (conv if c['mamba_conv_bias'] else 0) + 3 * nh
               + (di if c['mamba_rms_norm'] else 0)                      # optional gated norm
               + di * H + (H if c['projectors_bias'] else 0)),
        mlp=3 * H * I + ((2 * I + H) if mb else 0),
        norms=2 * H)                                                     # input_layernorm, pre_ff_layernorm
    b = {k: v * L for k, v in per.items()}
    b.update(embedding=V * H, head=0 if c['tie_word_embeddings'] else V * H, final_norm=H)
    kv = L * 2 * nkv * hd * 2
    st_hf = L * (conv * K * 2 + nh * dh * N * 2)       # FalconHybridMambaAttentionDynamicCache, model dtype
    st_vllm = L * (conv * (K - 1) * 2 + nh * dh * N * 4)   # vLLM conv K-1; ssm fp32 if mamba_ssm_cache_dtype=float32
    return b, kv, st_hf, st_vllm, (di, nh, dh, conv)

def main():
    c = dict(DEFAULTS, **(json.load(open(sys.argv[1])) if len(sys.argv) > 1 else {}))
    b, kv, sh, sv, dims = count(c)
    print('== falcon_h1', '(class defaults; no released model)' if len(sys.argv) == 1 else sys.argv[1])
    for k, v in b.items(): print(f'   {k:12s} {v:>16,}')
    print(f'   total {sum(b.values()):,}; mamba (d_ssm, heads, head_dim, conv_dim) = {dims}')
    print(f'   KV {kv:,} B/token (every layer has attention); Mamba state {sh:,} B/seq (HF, bf16) / {sv:,} (vLLM, fp32 ssm)')

if __name__ == '__main__':
    main()
