#!/usr/bin/env python3
"""Parameter / cache count for model_type qwen3_vl (text: qwen3_vl_text) and qwen3_vl_moe (text: qwen3_vl_moe_text).

Inventory from huggingface/transformers:
  src/transformers/models/qwen3_vl/modeling_qwen3_vl.py        commit 68a7b7e272a36928120316249af3ee3cac595818
  src/transformers/models/qwen3_vl/configuration_qwen3_vl.py   commit e1b551679e267be053b45581cbabd028a14defd2
  src/transformers/models/qwen3_vl_moe/modular_qwen3_vl_moe.py commit 6e4054ae4d2748051a0080ccb6eebfbcc0848d88
Stdlib only.  Usage: count_qwen3_vl.py [qwen3_vl|qwen3_vl_moe]   (default: both)
"""
import csv, json, os, sys

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')
VISION_DEFAULTS = dict(depth=27, hidden_size=1152, intermediate_size=4304, num_heads=16, in_channels=3, patch_size=16,
                       spatial_merge_size=2, temporal_patch_size=2, out_hidden_size=3584, num_position_embeddings=2304,
                       deepstack_visual_indexes=[8, 16, 24])
TEXT_DEFAULTS = {  # Qwen3VLTextConfig / Qwen3VLMoeTextConfig __init__ defaults
    'qwen3_vl_text': dict(vocab_size=151936, hidden_size=4096, intermediate_size=22016, num_hidden_layers=32,
                          num_attention_heads=32, num_key_value_heads=32, head_dim=128, attention_bias=False,
                          tie_word_embeddings=False),
    'qwen3_vl_moe_text': dict(vocab_size=151936, hidden_size=2048, intermediate_size=5632, num_hidden_layers=24,
                              num_attention_heads=16, num_key_value_heads=16, head_dim=None, attention_bias=False,
                              tie_word_embeddings=False, decoder_sparse_step=1, moe_intermediate_size=1408,
                              num_experts_per_tok=4, num_experts=60, mlp_only_layers=[]),
}
FILES = {'qwen3_vl': ['Qwen__Qwen3-VL-2B-Instruct.json', 'Qwen__Qwen3-VL-8B-Instruct.json'],
         'qwen3_vl_moe': ['Qwen__Qwen3-VL-30B-A3B-Instruct.json']}


def published():
    out = {}
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            out[os.path.basename(row['config_file'])] = (row['model'], row['published_params'], row['exactness'])
    return out


def vision(v, deepstack=True):
    v = {**VISION_DEFAULTS, **v}
    h, I, d, p, tp, C, m, o = (v['hidden_size'], v['intermediate_size'], v['depth'], v['patch_size'],
                               v['temporal_patch_size'], v['in_channels'], v['spatial_merge_size'], v['out_hidden_size'])
    t = C * tp * p * p * h + h                   # patch_embed.proj Conv3d(bias=True)
    t += v['num_position_embeddings'] * h        # pos_embed nn.Embedding
    t += d * (2 * 2 * h                          # norm1, norm2 LayerNorm
              + h * 3 * h + 3 * h + h * h + h    # attn.qkv (bias), attn.proj (bias)
              + h * I + I + I * h + h)           # mlp.linear_fc1/fc2 (bias)
    Hm = h * m * m
    merger = lambda post: (2 * Hm if post else 2 * h) + Hm * Hm + Hm + Hm * o + o
    t_main = merger(False)                       # merger (LayerNorm over h, fc1 Hm->Hm, fc2 Hm->out)
    n_ds = len(v['deepstack_visual_indexes']) if deepstack else 0
    return t + t_main + n_ds * merger(True), n_ds * merger(True)   # deepstack mergers: LayerNorm over Hm


def text(c, mt, tie):
    d = TEXT_DEFAULTS[mt]
    g = lambda k: c[k] if c.get(k) is not None else d[k]
    H, V, L = g('hidden_size'), g('vocab_size'), g('num_hidden_layers')
    nh, kv = g('num_attention_heads'), g('num_key_value_heads')
    hd = c.get('head_dim') or d.get('head_dim') or H // nh
    b = 1 if g('attention_bias') else 0
    attn = H * nh * hd + b * nh * hd + 2 * (H * kv * hd + b * kv * hd) + nh * hd * H + b * H + 2 * hd  # + q_norm,k_norm [hd]
    parts = dict(embedding=V * H, attention=L * attn, dense_mlp=0, experts=0, router=0, norms=L * 2 * H + H,
                 head=0 if tie else V * H)
    act_mlp = 0
    for i in range(L):
        if mt == 'qwen3_vl_moe_text' and i not in g('mlp_only_layers') and g('num_experts') > 0 and \
                (i + 1) % g('decoder_sparse_step') == 0:
            E, mi = g('num_experts'), g('moe_intermediate_size')
            parts['experts'] += E * H * 2 * mi + E * mi * H   # gate_up_proj [E,H,2mi], down_proj [E,mi,H]
            parts['router'] += H * E                          # gate Linear(H,E,bias=False)
            act_mlp += g('num_experts_per_tok') * 3 * H * mi + H * E
        else:
            parts['dense_mlp'] += 3 * H * g('intermediate_size')
            act_mlp += 3 * H * g('intermediate_size')
    active = parts['embedding'] + parts['attention'] + parts['norms'] + parts['head'] + act_mlp
    return parts, dict(kv_layer=2 * kv * hd, L=L, active=active)


def main():
    which = sys.argv[1:] or ['qwen3_vl', 'qwen3_vl_moe']
    pub = published()
    for fam in which:
        for f in FILES[fam]:
            c = json.load(open(os.path.join(REF, f)))
            tc = c['text_config']
            mt = tc.get('model_type') or fam + '_text'
            # tie rule: PreTrainedModel ties using the *text* config's tie_word_embeddings
            # (get_text_config()), which itself defaults to False; here both levels agree.
            tie = tc.get('tie_word_embeddings', c.get('tie_word_embeddings', False))
            parts, x = text(tc, mt, tie)
            vt, ds = vision(c.get('vision_config', {}))
            ttot = sum(parts.values())
            total = ttot + vt
            name, p, ex = pub[f]
            print(f'== {name}  ({c["model_type"]} / {mt}, tie={tie})')
            for k, v in parts.items():
                print(f'   {k:12s} {v:>16,}')
            print(f'   text total   {ttot:>16,}')
            print(f'   vision tower {vt:>16,}  (of which deepstack mergers {ds:,})')
            print(f'   computed     {total:>16,}   published {int(p):>16,} ({ex})  diff {total - int(p):,}')
            print(f'   active/token (text, incl. emb+head) {x["active"]:,}')
            print(f'   KV: {x["L"]} full layers x {x["kv_layer"] * 2} B/token = {x["L"] * x["kv_layer"] * 2:,} B/token (BF16)')


if __name__ == '__main__':
    main()
