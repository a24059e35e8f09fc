#!/usr/bin/env python3
"""granitemoehybrid counter (stdlib). huggingface/transformers
src/transformers/models/granitemoehybrid/modular_granitemoehybrid.py @023633dd63876e9f65e733a9f547952052b63d6a
(mixer = BambaMixer, MoE = GraniteMoeSharedMoE, shared_mlp = GraniteMoeSharedMLP). Needs a config.json path; with no
argument it runs a SYNTHETIC demo config (illustrative numbers only, not a released model)."""
import json, sys
DEMO = dict(vocab_size=100352, tie_word_embeddings=True, hidden_size=1536, intermediate_size=512,
            shared_intermediate_size=1024, num_hidden_layers=8,
            layer_types=['mamba', 'mamba', 'mamba', 'attention', 'mamba', 'mamba', 'mamba', 'attention'],
            num_attention_heads=12, num_key_value_heads=4, attention_bias=False, num_local_experts=8,
            mamba_n_heads=48, mamba_d_head=64, mamba_d_state=128, mamba_n_groups=1, mamba_d_conv=4,
            mamba_expand=2, mamba_conv_bias=True, mamba_proj_bias=False)

def count(c):
    H = c['hidden_size']; V = c['vocab_size']; L = c['num_hidden_layers']
    types = c.get('layer_types') or c.get('layers_block_type')
    nq = c['num_attention_heads']; nkv = c.get('num_key_value_heads') or nq; hd = H // nq
    di = int(c['mamba_expand'] * H); nh = c['mamba_n_heads']; dh = c['mamba_d_head']
    ng = c['mamba_n_groups']; N = c['mamba_d_state']; K = c['mamba_d_conv']; conv = di + 2 * ng * N
    assert nh * dh == di, 'Bamba mixer needs mamba_n_heads*mamba_d_head == mamba_expand*hidden'
    pb = c['mamba_proj_bias']; E = c.get('num_local_experts', 0) or 0; I = c['intermediate_size']
    SI = c['shared_intermediate_size']; ab = c.get('attention_bias', False)
    b = dict(embedding=V * H, head=0 if c.get('tie_word_embeddings') else V * H, final_norm=H,
             attention=0, mamba=0, shared_mlp=0, experts=0, router=0, norms=0)
    for t in types:
        b['norms'] += 2 * H                                  # input_layernorm, post_attention_layernorm
        if t == 'mamba':
            b['mamba'] += (H * (di + conv + nh) + ((di + conv + nh) if pb else 0) + conv * K
                           + (conv if c['mamba_conv_bias'] else 0) + 3 * nh + di + di * H + (H if pb else 0))
        else:
            b['attention'] += 2 * H * nq * hd + 2 * H * nkv * hd + ((nq * hd + 2 * nkv * hd + H) if ab else 0)
        b['shared_mlp'] += H * 2 * SI + SI * H              # input_linear [2*SI, H], output_linear [H, SI]
        if E:
            b['experts'] += E * (2 * I * H + H * I)          # input_linear [E, 2I, H], output_linear [E, H, I]
            b['router'] += E * H                             # router.layer [E, H]
    na = sum(1 for t in types if t != 'mamba'); nm = L - na
    kv = na * 2 * nkv * hd * 2
    st = nm * (conv * K * 2 + nh * dh * N * 2)               # HybridMambaAttentionDynamicCache (bamba), model dtype
    return b, kv, st

def main():
    c = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else DEMO
    b, kv, st = count(c)
    print('== granitemoehybrid', '(SYNTHETIC demo config)' if len(sys.argv) == 1 else sys.argv[1])
    for k, v in b.items(): print(f'   {k:12s} {v:>16,}')
    print(f'   total {sum(b.values()):,}; KV {kv:,} B/token (NoPE attention layers only); Mamba state {st:,} B/seq (bf16)')

if __name__ == '__main__':
    main()
