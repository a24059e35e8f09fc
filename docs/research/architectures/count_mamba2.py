#!/usr/bin/env python3
"""mamba2 counter (stdlib). huggingface/transformers src/transformers/models/mamba2/modeling_mamba2.py
@020a37d2264e60dc7beb9634c3e87ad870073e2c. Needs a config.json; without one it runs a SYNTHETIC demo config."""
import json, sys
DEMO = dict(vocab_size=50288, hidden_size=2560, num_hidden_layers=64, expand=2, num_heads=80, head_dim=64,
            state_size=128, n_groups=1, conv_kernel=4, use_bias=False, use_conv_bias=True, tie_word_embeddings=True)

def count(c):
    H = c['hidden_size']; V = c['vocab_size']; L = c['num_hidden_layers']; di = int(c['expand'] * H)
    nh = c['num_heads']; dh = c['head_dim']; N = c['state_size']; ng = c['n_groups']; K = c['conv_kernel']
    conv = di + 2 * ng * N; ub = c.get('use_bias', False)
    layer = (H * (di + conv + nh) + ((di + conv + nh) if ub else 0) + conv * K + (conv if c.get('use_conv_bias', True) else 0)
             + 3 * nh + di + di * H + (H if ub else 0) + H)   # + block norm
    b = dict(embedding=V * H, head=0 if c.get('tie_word_embeddings', True) else V * H, norm_f=H, layers=L * layer)
    st = L * (conv * K * 2 + nh * dh * N * 2)   # transformers cache: conv [conv_dim, K], recurrent [nh, dh, N], model dtype
    return b, st, nh * dh == di

def main():
    c = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else DEMO
    b, st, ok = count(c)
    print('== mamba2', '(SYNTHETIC demo config)' if len(sys.argv) == 1 else sys.argv[1])
    for k, v in b.items(): print(f'   {k:10s} {v:>16,}')
    print(f'   total {sum(b.values()):,}; no KV cache; state {st:,} B/seq (bf16); heads*head_dim == expand*hidden: {ok}')

if __name__ == '__main__':
    main()
