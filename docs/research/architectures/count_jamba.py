#!/usr/bin/env python3
"""jamba counter (stdlib). huggingface/transformers src/transformers/models/jamba/modeling_jamba.py and
configuration_jamba.py @008f5c8c29be84d4721dc6d1e0fcd72300580be4. No config in refdata: runs on JambaConfig class
defaults (which are ai21labs/Jamba-v0.1's shapes) unless a config.json path is given."""
import json, math, sys
DEFAULTS = dict(vocab_size=65536, tie_word_embeddings=False, hidden_size=4096, intermediate_size=14336,
                num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8, num_experts_per_tok=2,
                num_experts=16, expert_layer_period=2, expert_layer_offset=1, attn_layer_period=8,
                attn_layer_offset=4, mamba_d_state=16, mamba_d_conv=4, mamba_expand=2, mamba_dt_rank='auto',
                mamba_conv_bias=True, mamba_proj_bias=False)

def count(c):
    H = c['hidden_size']; V = c['vocab_size']; L = c['num_hidden_layers']; nq = c['num_attention_heads']
    nkv = c['num_key_value_heads'] or nq; hd = H // nq; I = c['intermediate_size']; E = c['num_experts']
    N = c['mamba_d_state']; K = c['mamba_d_conv']; di = c['mamba_expand'] * H
    R = math.ceil(H / 16) if c['mamba_dt_rank'] == 'auto' else c['mamba_dt_rank']
    pb = c['mamba_proj_bias']; cb = c['mamba_conv_bias']
    types = ['attention' if i % c['attn_layer_period'] == c['attn_layer_offset'] else 'mamba' for i in range(L)]
    nexp = [E if i % c['expert_layer_period'] == c['expert_layer_offset'] else 1 for i in range(L)]
    b = dict(embedding=V * H, head=0 if c['tie_word_embeddings'] else V * H, final_norm=H, norms=0, attention=0,
             mamba=0, mlp=0, experts=0, router=0)
    for i in range(L):
        b['norms'] += 2 * H                                   # input_layernorm, pre_ff_layernorm
        if types[i] == 'attention':
            b['attention'] += 2 * H * nq * hd + 2 * H * nkv * hd   # q,k,v,o no bias
        else:
            b['mamba'] += (H * 2 * di + (2 * di if pb else 0)     # in_proj
                           + di * K + (di if cb else 0)           # conv1d [di,1,K] (+bias)
                           + di * (R + 2 * N)                     # x_proj (no bias)
                           + R * di + di                          # dt_proj (+bias, always)
                           + di * N + di                          # A_log [di,N], D [di]
                           + di * H + (H if pb else 0)            # out_proj
                           + R + 2 * N)                           # dt/b/c_layernorm
        if nexp[i] > 1:
            b['experts'] += nexp[i] * 3 * H * I; b['router'] += nexp[i] * H
        else:
            b['mlp'] += 3 * H * I
    n_attn = types.count('attention'); n_mamba = L - n_attn
    kv = n_attn * 2 * nkv * hd * 2
    state = n_mamba * (di * K * 2 + di * N * 2)   # HybridMambaAttentionDynamicCache: conv [di,K], ssm [di,N], model dtype
    state_vllm = n_mamba * (di * (K - 1) * 2 + di * N * 2)
    return b, n_attn, n_mamba, kv, state, state_vllm

def main():
    c = dict(DEFAULTS, **(json.load(open(sys.argv[1])) if len(sys.argv) > 1 else {}))
    b, na, nm, kv, st, stv = count(c)
    print('== jamba', '(class defaults = Jamba-v0.1 shapes)' if len(sys.argv) == 1 else sys.argv[1])
    for k, v in b.items(): print(f'   {k:12s} {v:>16,}')
    print(f'   total {sum(b.values()):,}  (card: 52B total / 12B active, rounded)')
    print(f'   layers: {na} attention, {nm} mamba; KV {kv:,} B/token bf16; Mamba state {st:,} B/seq (transformers, bf16 ssm) / {stv:,} (vLLM conv K-1)')

if __name__ == '__main__':
    main()
