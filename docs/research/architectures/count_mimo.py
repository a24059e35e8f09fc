#!/usr/bin/env python3
"""Parameter / cache count for model_type mimo (XiaomiMiMo/MiMo-7B-Base; remote code = Qwen2 + MTP layers).

Inventory: XiaomiMiMo/MiMo modeling_mimo.py (commit 051d98d073eee95ada84581d5a9ca55249bf45e2; the first,
original part of that file = the HF remote code: MiMoModel(Qwen2Model) + mtp_layers of MiMoMTPLayers).
Qwen2 shapes: huggingface/transformers models/qwen2 (q/k/v bias=True, o_proj bias=False). Stdlib only.
"""
import csv, json, os

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
F = 'XiaomiMiMo__MiMo-7B-Base.json'


def published():
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if os.path.basename(row['config_file']) == F:
                return row['model'], int(row['published_params']), row['exactness']


def main():
    c = json.load(open(os.path.join(REF, F)))
    H, V, L, nh, kv, I = (c['hidden_size'], c['vocab_size'], c['num_hidden_layers'], c['num_attention_heads'],
                          c['num_key_value_heads'], c['intermediate_size'])
    hd = c.get('head_dim') or H // nh
    attn = H * nh * hd + nh * hd + 2 * (H * kv * hd + kv * hd) + nh * hd * H   # Qwen2Attention: qkv bias, o no bias
    mlp = 3 * H * I
    tie = c.get('tie_word_embeddings', False)
    parts = dict(embedding=V * H, attention=L * attn, mlp=L * mlp, norms=L * 2 * H + H, head=0 if tie else V * H)
    n_mtp = c.get('num_nextn_predict_layers', 0)
    # MiMoMTPLayers: input_layernorm, post_attention_layernorm, token_layernorm, hidden_layernorm, final_layernorm,
    # input_proj Linear(2H,H,bias=False), self_attn Qwen2Attention, mlp Qwen2MLP
    mtp_one = 5 * H + 2 * H * H + attn + mlp
    parts['mtp'] = n_mtp * mtp_one
    total = sum(parts.values())
    name, p, ex = published()
    print(f'== {name}')
    for k, v in parts.items():
        print(f'   {k:10s} {v:>16,}')
    print(f'   computed   {total:>16,}   published {p:>16,} ({ex})  diff {total - p:,}   [main model without MTP: {total - parts["mtp"]:,}]')
    kvb = 2 * kv * hd * 2
    sw = c.get('sliding_window') if c.get('use_sliding_window') else None
    print(f'   KV: {L} full layers x {kvb} B/token = {L * kvb:,} B/token (BF16); sliding window {"off" if not sw else sw}'
          f'; +{kvb} B/token per MTP layer when MTP drafting is on')


if __name__ == '__main__':
    main()
