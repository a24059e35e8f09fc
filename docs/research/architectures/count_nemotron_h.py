#!/usr/bin/env python3
"""nemotron_h parameter / cache counter (stdlib only).

Inventory from huggingface/transformers src/transformers/models/nemotron_h/modeling_nemotron_h.py
(@008d9e9577b0eb0149aa6bb0c44da582b10e0b6e) and the MTP layers from
vllm-project/vllm vllm/model_executor/models/nemotron_h_mtp.py (@01ca27739feb561c668e843bf55ca96845056e05).
See nemotron_h.md for the derivation.  Config JSON may contain the literal Infinity (time_step_limit);
Python's json module accepts it, a strict C++ parser will not.
"""
import json, os

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026/')
MODELS = [
    ('nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16', 'nvidia__NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.json'),
    ('nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8', 'nvidia__NVIDIA-Nemotron-3-Super-120B-A12B-FP8.json'),
    ('nvidia/Nemotron-H-56B-Base-8K', 'nvidia__Nemotron-H-56B-Base-8K.json'),
]
PAT = {'M': 'mamba', '*': 'attention', '-': 'mlp', 'E': 'moe'}


def published():
    out = {}
    with open(D + 'models.tsv') as f:
        hdr = f.readline().rstrip('\n').split('\t')
        for line in f:
            r = dict(zip(hdr, line.rstrip('\n').split('\t')))
            out[r['model']] = (int(r['published_params']) if r['published_params'] else None, r['exactness'])
    return out


def count(c):
    H = c['hidden_size']; V = c['vocab_size']
    hd = c.get('head_dim', 128)              # config class default 128; 56B json has attention_head_dim=128 (ignored key)
    nq = c['num_attention_heads']; nkv = c.get('num_key_value_heads') or nq
    nh = c['mamba_num_heads']; mhd = c['mamba_head_dim']; ng = c['n_groups']; N = c['ssm_state_size']; K = c['conv_kernel']
    di = nh * mhd                             # intermediate = mamba_num_heads*mamba_head_dim (NOT expand*hidden)
    conv_dim = di + 2 * ng * N
    proj_b = c.get('use_bias', False); conv_b = c.get('use_conv_bias', True); mlp_b = c.get('mlp_bias', False)
    E = c.get('n_routed_experts', 8); mi = c.get('moe_intermediate_size', 7688)
    si = c.get('moe_shared_expert_intermediate_size', 7688); lat = c.get('moe_latent_size')
    I = c.get('intermediate_size', 21504)
    pat = c['hybrid_override_pattern']
    b = dict(embedding=V * H, head=(0 if c.get('tie_word_embeddings', False) else V * H), final_norm=H,
             block_norms=0, mamba=0, attention=0, mlp=0, experts=0, shared_experts=0, router=0,
             router_bias_buffer=0, latent_proj=0, mtp=0)
    def mamba():
        return (H * (di + conv_dim + nh) + (di + conv_dim + nh if proj_b else 0)   # in_proj
                + conv_dim * K + (conv_dim if conv_b else 0)                        # conv1d weight [conv_dim,1,K] + bias
                + 3 * nh                                                            # dt_bias, A_log, D
                + di                                                                # gated RMSNorm weight (group_size = di/n_groups)
                + di * H + (H if proj_b else 0))                                    # out_proj
    def attn():
        return H * nq * hd * 2 + H * nkv * hd * 2                                    # q,k,v,o all bias=False (hard-coded)
    def moe(d):
        L = lat or H
        d['experts'] += E * (mi * L + L * mi) + (E * (mi + L) if mlp_b else 0)       # up_proj [E,mi,L], down_proj [E,L,mi]
        d['shared_experts'] += 2 * H * si + ((si + H) if mlp_b else 0)
        d['router'] += E * H
        d['router_bias_buffer'] += E                                                 # e_score_correction_bias (buffer, fp32)
        if lat:
            d['latent_proj'] += 2 * H * lat + ((lat + H) if mlp_b else 0)           # fc1_latent_proj, fc2_latent_proj
    for ch in pat:
        b['block_norms'] += H
        if ch == 'M': b['mamba'] += mamba()
        elif ch == '*': b['attention'] += attn()
        elif ch == '-': b['mlp'] += 2 * H * I + ((I + H) if mlp_b else 0)
        elif ch == 'E': moe(b)
    # MTP (vLLM NemotronHMultiTokenPredictor): pattern mtp_hybrid_override_pattern per step; first layer of a step
    # has enorm,hnorm,eh_proj(2H->H); last has final_layernorm; embed/lm_head shared with the main model.
    mtp_b = dict(experts=0, shared_experts=0, router=0, router_bias_buffer=0, latent_proj=0)
    nmtp = c.get('num_nextn_predict_layers', 0) or 0
    mtp_pat = c.get('mtp_hybrid_override_pattern', '*E')
    mtp = 0
    for _ in range(nmtp):
        for i, ch in enumerate(mtp_pat):
            mtp += H
            if ch == '*': mtp += attn()
            elif ch == 'E':
                tmp = dict(mtp_b); moe(tmp); mtp += sum(tmp.values()); mtp_b['router_bias_buffer'] += E
            if i == 0: mtp += 2 * H + 2 * H * H
            if i == len(mtp_pat) - 1: mtp += H
    b['mtp'] = mtp
    n_moe = pat.count('E')
    # cache
    attn_layers = pat.count('*')
    kv_elems_per_token = attn_layers * 2 * nkv * hd
    ssm_dtype_bytes = {'float32': 4, 'bfloat16': 2, 'float16': 2}[c.get('mamba_ssm_cache_dtype', 'float32')]
    ssm = nh * mhd * N * ssm_dtype_bytes
    conv_vllm = conv_dim * (K - 1) * 2        # vLLM keeps K-1 columns, model dtype (bf16)
    conv_hf = conv_dim * K * 2                # transformers torch path keeps K columns
    nm = pat.count('M')
    return b, dict(n_moe=n_moe, mtp_router_bias=mtp_b['router_bias_buffer'], attn_layers=attn_layers, mamba_layers=nm,
                   kv_bytes_per_token_bf16=kv_elems_per_token * 2,
                   state_bytes_per_seq_vllm=nm * (ssm + conv_vllm), state_bytes_per_seq_hf=nm * (ssm + conv_hf),
                   ssm_bytes_per_layer=ssm, conv_bytes_per_layer_vllm=conv_vllm, E=E)


def main():
    pub = published()
    for name, f in MODELS:
        c = json.load(open(D + f))
        b, k = count(c)
        main_total = sum(v for kk, v in b.items() if kk != 'mtp')
        total = main_total + b['mtp']
        no_buf = total - b['router_bias_buffer'] - k['mtp_router_bias']
        p, ex = pub[name]
        print('==', name)
        for kk, v in b.items(): print(f'   {kk:20s} {v:>16,}')
        print(f'   main (incl. router bias buffers)        {main_total:>16,}')
        print(f'   main + MTP                              {total:>16,}')
        print(f'   main + MTP - e_score_correction_bias    {no_buf:>16,}')
        print(f'   published ({ex})                        {p:>16,}')
        print(f'   diff (main+MTP-bias - published)        {no_buf - p:>16,}')
        print(f'   layers: mamba={k["mamba_layers"]} attention={k["attn_layers"]} moe={k["n_moe"]}')
        print(f'   KV bytes/token (bf16): {k["kv_bytes_per_token_bf16"]:,}')
        print(f'   Mamba state bytes/seq: vLLM {k["state_bytes_per_seq_vllm"]:,}  transformers {k["state_bytes_per_seq_hf"]:,}'
              f'  (ssm/layer {k["ssm_bytes_per_layer"]:,}, conv/layer {k["conv_bytes_per_layer_vllm"]:,})')


if __name__ == '__main__':
    main()
