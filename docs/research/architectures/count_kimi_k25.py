#!/usr/bin/env python3
"""kimi_k25 counter (stdlib only). Shared MLA/MoE inventory code is duplicated in each count_*.py of this family so that
each script is standalone. References: see kimi_k25.md."""
import os
import json
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026/')
def cdiv(a, b): return -(-a // b)
def published(name):
    with open(D + 'models.tsv') as f:
        h = f.readline().rstrip('\n').split('\t')
        for l in f:
            r = dict(zip(h, l.rstrip('\n').split('\t')))
            if r['model'] == name:
                return (int(r['published_params']) if r['published_params'] else None), r['exactness']
    return None, None

def mla_moe_count(c, indexer=False, n_mtp=None, mtp_own_embed_head=True, eh_proj_quantized=False,
                  gate_bias=None):
    """DeepSeek-V3-style (MLA + MoE) inventory.  Returns (breakdown, linears) where linears is a list of
    (tag, out, in) for every nn.Linear that FP8 block quantization applies to (router gate, embeddings, lm_head,
    norms excluded)."""
    H = c['hidden_size']; V = c['vocab_size']; nh = c['num_attention_heads']
    ql = c.get('q_lora_rank'); kl = c['kv_lora_rank']; nope = c['qk_nope_head_dim']; rope = c['qk_rope_head_dim']
    vd = c['v_head_dim']; L = c['num_hidden_layers']; E = c['n_routed_experts']; mi = c['moe_intermediate_size']
    I = c['intermediate_size']; ns = c.get('n_shared_experts') or 0
    fk = c.get('first_k_dense_replace', 0); freq = c.get('moe_layer_freq', 1)
    ab = c.get('attention_bias', False)
    if gate_bias is None: gate_bias = c.get('topk_method') == 'noaux_tc'
    n_mtp = c.get('num_nextn_predict_layers', 0) if n_mtp is None else n_mtp
    keys = ['embedding', 'head', 'final_norm', 'attention', 'attn_norms', 'indexer', 'dense_mlp', 'experts',
            'shared_experts', 'router', 'layer_norms', 'mtp']
    b = dict.fromkeys(keys, 0); lin = []
    b['embedding'] = V * H; b['head'] = 0 if c.get('tie_word_embeddings') else V * H; b['final_norm'] = H
    def layer(i, d, tag):
        a = []
        if ql: a += [(ql, H), (nh * (nope + rope), ql)]
        else: a += [(nh * (nope + rope), H)]
        a += [(kl + rope, H), (nh * (nope + vd), kl), (H, nh * vd)]
        d['attention'] += sum(o * k for o, k in a) + ((ql or 0) + kl + rope + H if ab else 0) * (1 if ab else 0)
        d['attn_norms'] += (ql or 0) + kl
        lin.extend((tag, o, k) for o, k in a)
        if indexer:
            ih = c['index_n_heads']; idim = c['index_head_dim']
            il = [(ih * idim, ql), (idim, H)]                   # wq_b, wk (fp8)
            d['indexer'] += sum(o * k for o, k in il) + ih * H + 2 * idim   # + weights_proj (bf16) + k_norm LayerNorm w,b
            lin.extend((tag, o, k) for o, k in il)
        if i >= fk and i % freq == 0:
            e = [(mi, H), (mi, H), (H, mi)]
            d['experts'] += E * sum(o * k for o, k in e)
            lin.extend((tag, o, k) for o, k in e * E)
            if ns:
                s = [(mi * ns, H), (mi * ns, H), (H, mi * ns)]
                d['shared_experts'] += sum(o * k for o, k in s); lin.extend((tag, o, k) for o, k in s)
            d['router'] += E * H + (E if gate_bias else 0)      # gate.weight + e_score_correction_bias
        else:
            m = [(I, H), (I, H), (H, I)]
            d['dense_mlp'] += sum(o * k for o, k in m); lin.extend((tag, o, k) for o, k in m)
        d['layer_norms'] += 2 * H
    for i in range(L): layer(i, b, 'main')
    for j in range(n_mtp):
        d = dict.fromkeys(keys, 0); layer(L + j, d, 'mtp')
        extra = 2 * H + H                                         # enorm, hnorm, shared_head.norm
        extra += 2 * H * H                                        # eh_proj [H, 2H]
        if eh_proj_quantized: lin.append(('mtp', H, 2 * H))
        if mtp_own_embed_head: extra += 2 * V * H                 # mtp embed_tokens + shared_head.head copies
        b['mtp'] += sum(d.values()) + extra
    return b, lin

def fp8_block_scales(lin, tag=None, blk=128):
    return sum(cdiv(o, blk) * cdiv(i, blk) for t, o, i in lin if tag is None or t == tag)

def mla_cache(c, layers, indexer=False):
    kl = c['kv_lora_rank']; rope = c['qk_rope_head_dim']; nh = c['num_attention_heads']
    nope = c['qk_nope_head_dim']; vd = c['v_head_dim']
    r = dict(latent_bf16=layers * (kl + rope) * 2,                         # vLLM MLA: one latent vector per token/layer
             fp8_ds_mla=layers * 656,                                       # FlashMLA sparse fp8 layout (kv_lora 512 + rope 64)
             hf_expanded_bf16=layers * nh * ((nope + rope) + vd) * 2)       # transformers caches full K and V per head
    if indexer:
        idim = c['index_head_dim']
        r['indexer_vllm_fp8'] = layers * (idim + idim // 128 * 4)         # 128 fp8 + fp32 scale = 132 B
        r['indexer_ref_fp8'] = r['indexer_vllm_fp8']                        # DeepSeek inference: k_cache fp8 + k_scale_cache fp32
        r['indexer_hf_bf16'] = layers * idim * 2                           # transformers GlmMoeDsaIndexer._cached_keys
    return r

def show(name, b, stored=None, pub=None, ex=None, notes=()):
    print('==', name)
    for k, v in b.items(): print(f'   {k:16s} {v:>18,}')
    main = sum(v for k, v in b.items() if k != 'mtp')
    print(f'   main model params     {main:>18,}')
    print(f'   main + MTP params     {main + b["mtp"]:>18,}')
    if stored is not None: print(f'   stored elements       {stored:>18,}')
    if pub is not None:
        ref = stored if stored is not None else main + b['mtp']
        print(f'   published ({ex})  {pub:>18,}   diff {ref - pub:,}')
    for n in notes: print('   note:', n)

def moonvit(v):
    """MoonViT3d + patchmerger projector, vllm-project/vllm vllm/model_executor/models/kimi_k25_vit.py
    @055e47c28003156421365af985d676fc921cb075 (projector shapes: see kimi_k25.md, partly unverified)."""
    vh = v.get('vt_hidden_size', v.get('hidden_size', 1152)); vi = v.get('vt_intermediate_size', 4304)
    Lv = v.get('vt_num_hidden_layers', 27); ps = v.get('patch_size', 14)
    th = v.get('text_hidden_size', 7168); kh, kw = v.get('merge_kernel_size', [2, 2])
    d = dict(patch_proj=3 * ps * ps * vh + vh,                                   # Conv2d(3,vh,ps,ps) + bias
             pos_emb=v.get('init_pos_emb_height', 64) * v.get('init_pos_emb_width', 64) * vh,   # learnable [h,w,vh]
             blocks=Lv * (2 * 2 * vh                                             # norm0, norm1 LayerNorm w+b
                          + 3 * vh * vh + 3 * vh                                 # wqkv + bias (attn_bias default True)
                          + vh * vh + vh                                         # wo + bias
                          + vi * vh + vi + vh * vi + vh),                        # mlp fc0/fc1 + bias
             final_layernorm=2 * vh)
    mh = vh * kh * kw
    d['projector'] = 2 * vh + mh * mh + mh + mh * th + th                       # pre_norm LayerNorm(vh) w+b, linear_1, linear_2 (+bias)
    return d

def main():
    name = 'moonshotai/Kimi-K2.5'
    top = json.load(open(D + 'moonshotai__Kimi-K2.5.json'))
    c = top['text_config']                    # kimi_k25 wrapper -> text_config (model_type kimi_k2, DeepseekV3 arch)
    b, lin = mla_moe_count(c, n_mtp=0)
    vis = moonvit(top['vision_config'])
    text = sum(b.values()); vt = sum(vis.values())
    pub, ex = published(name)
    show(name + ' (text)', b)
    for k, v in vis.items(): print(f'   vision.{k:12s} {v:>18,}')
    print(f'   text {text:,} + vision {vt:,} = {text + vt:,}   published {pub:,} ({ex}, "1T" card)')
    # compressed-tensors int4 (pack-quantized, group 32, symmetric) on routed experts only (ignore list: lm_head,
    # self_attn, shared_experts, dense mlp). Stored: weight_packed int32 [out,in/8], weight_scale bf16 [out,in/32],
    # weight_shape int [2].
    qc = c['quantization_config']['config_groups']['group_0']['weights']; g = qc['group_size']
    E = c['n_routed_experts']; H = c['hidden_size']; mi = c['moe_intermediate_size']
    n_moe = c['num_hidden_layers'] - c['first_k_dense_replace']
    ex_lin = [(mi, H), (mi, H), (H, mi)] * E * n_moe
    ex_params = sum(o * i for o, i in ex_lin)
    packed = sum(o * i // 8 for o, i in ex_lin); scales = sum(o * i // g for o, i in ex_lin); shapes = 2 * len(ex_lin)
    other = text - ex_params
    stored = other + packed + scales + shapes + vt
    bias = E * n_moe                                  # e_score_correction_bias is F32 (4 B), rest of 'other' BF16
    bytes_ = 2 * other + 2 * bias + 4 * packed + 2 * scales + 4 * shapes + 2 * vt
    print(f'   int4 experts: {ex_params:,} params -> packed int32 {packed:,} + bf16 scales {scales:,} + shapes {shapes:,}')
    mid = text + vt + scales + 8 * shapes
    print(f'   raw stored elements {stored:,};  2025-08..2026-07 huggingface.js rule (logical + weight_scale + 8*weight_shape)'
          f' {mid:,} vs llmfit 1,058,589,420,528 -> diff {mid - 1058589420528:,}')
    print(f'   weight bytes {bytes_:,} ({bytes_ / 1e9:,.1f} GB) vs all-BF16 {(text + vt) * 2 / 1e9:,.1f} GB')
    print('   KV B/token (61 layers):', {kk: f'{v:,}' for kk, v in mla_cache(c, c['num_hidden_layers']).items()})

if __name__ == '__main__':
    main()
