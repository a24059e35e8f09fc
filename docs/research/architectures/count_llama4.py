#!/usr/bin/env python3
"""Parameter / cache count for model_type llama4 (text_config: llama4_text): Llama-4 Scout and Maverick.

Inventory from huggingface/transformers src/transformers/models/llama4/modeling_llama4.py
(commit 63210d0e3b74c2119b7998ff65bc6a2729283626) and configuration_llama4.py
(commit b17cfe48c5a9631dcf9f57f3865a055903800f81). Stdlib only.

The configs-2026 copies are TRIMMED (text_config only). The vision tower is counted from the
checkpoint's own vision_config (quoted below; it is the meta-llama Scout/Maverick config.json
vision_config, identical for both), NOT from the Llama4VisionConfig class defaults, which differ.
"""
import csv, json, os

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/configs-2026')

TEXT_DEFAULTS = dict(vocab_size=202048, hidden_size=5120, intermediate_size=8192, intermediate_size_mlp=16384,
                     num_hidden_layers=48, num_attention_heads=40, num_key_value_heads=8, head_dim=128,
                     tie_word_embeddings=False, num_experts_per_tok=1, num_local_experts=16,
                     interleave_moe_layer_step=1, use_qk_norm=True, no_rope_layer_interval=4,
                     attention_chunk_size=8192)
# Llama4VisionConfig.__init__ defaults (what a reader falls back to when vision_config is absent)
VISION_CLASS_DEFAULTS = dict(hidden_size=768, num_hidden_layers=34, num_attention_heads=16, num_channels=3,
                             intermediate_size=5632, vision_output_dim=7680, image_size=448, patch_size=14,
                             pixel_shuffle_ratio=0.5, projector_input_dim=4096, projector_output_dim=4096)
# vision_config of meta-llama/Llama-4-Scout-17B-16E(-Instruct) and -Maverick-17B-128E(-Instruct) config.json
VISION_CHECKPOINT = dict(hidden_size=1408, num_hidden_layers=34, num_attention_heads=16, num_channels=3,
                         intermediate_size=5632, vision_output_dim=4096, image_size=336, patch_size=14,
                         pixel_shuffle_ratio=0.5, projector_input_dim=4096, projector_output_dim=4096)


def published():
    out = {}
    with open(os.path.join(REF, 'models.tsv')) as f:
        for row in csv.DictReader(f, delimiter='\t'):
            out[os.path.basename(row['config_file'])] = (row['model'], row['published_params'], row['exactness'])
    return out


def vision(v, text_hidden):
    h, I, L, p, C = v['hidden_size'], v['intermediate_size'], v['num_hidden_layers'], v['patch_size'], v['num_channels']
    n_patches = (v['image_size'] // p) ** 2 + 1
    t = C * p * p * h              # patch_embedding.linear (Unfold + Linear, no bias)
    t += h                         # class_embedding
    t += n_patches * h             # positional_embedding_vlm
    t += 2 * 2 * h                 # layernorm_pre, layernorm_post (LayerNorm weight+bias)
    per = 4 * (h * h + h) + (h * I + I) + (I * h + h) + 2 * 2 * h
    t += L * per                   # encoder layers (q,k,v,o with bias; fc1, fc2 with bias; 2 LayerNorms)
    t += I * v['projector_input_dim']                          # vision_adapter.mlp.fc1 (in = intermediate_size!)
    t += v['projector_output_dim'] * v['projector_output_dim']  # vision_adapter.mlp.fc2
    proj = v['vision_output_dim'] * text_hidden                 # multi_modal_projector.linear_1
    return t, proj


def text(c):
    g = lambda k: c[k] if c.get(k) is not None else TEXT_DEFAULTS[k]
    H, V, L = g('hidden_size'), g('vocab_size'), g('num_hidden_layers')
    nh, kv, hd = g('num_attention_heads'), g('num_key_value_heads'), g('head_dim')
    E, I, Imlp = g('num_local_experts'), g('intermediate_size'), g('intermediate_size_mlp')
    step = g('interleave_moe_layer_step')
    moe_layers = c.get('moe_layers') or list(range(step - 1, L, step))
    no_rope = c.get('no_rope_layers') or [int((i + 1) % g('no_rope_layer_interval') != 0) for i in range(L)]
    layer_types = c.get('layer_types') or ['chunked_attention' if r else 'full_attention' for r in no_rope]
    attn = H * nh * hd + 2 * H * kv * hd + nh * hd * H   # attention_bias is forced False in Llama4TextConfig
    parts = dict(embedding=V * H, attention=0, dense_mlp=0, experts=0, router=0, shared_expert=0,
                 norms=H, head=0 if g('tie_word_embeddings') else V * H)
    for i in range(L):
        parts['attention'] += attn
        parts['norms'] += 2 * H
        if i in moe_layers:
            parts['experts'] += E * H * 2 * I + E * I * H   # gate_up_proj [E,H,2I], down_proj [E,I,H]
            parts['router'] += H * E                        # Llama4Router: Linear(H,E,bias=False)
            parts['shared_expert'] += 3 * H * I             # Llama4TextMLP(intermediate_size)
        else:
            parts['dense_mlp'] += 3 * H * Imlp              # Llama4TextMLP(intermediate_size_mlp)
    active = parts['embedding'] + parts['head'] + parts['attention'] + parts['norms'] + parts['dense_mlp'] + \
        parts['router'] + parts['shared_expert'] + len(moe_layers) * g('num_experts_per_tok') * 3 * H * I
    return parts, layer_types, dict(kv_layer=2 * kv * hd, chunk=g('attention_chunk_size'), active=active)


def main():
    pub = published()
    for f in ('meta-llama__Llama-4-Scout-17B-16E-Instruct.json', 'meta-llama__Llama-4-Maverick-17B-128E-Instruct.json'):
        c = json.load(open(os.path.join(REF, f)))
        tc = c.get('text_config', c)          # llama4 wraps llama4_text under text_config
        parts, lt, x = text(tc)
        t_total = sum(parts.values())
        vc = c.get('vision_config')
        src = 'config' if vc else 'checkpoint vision_config (absent from trimmed file)'
        vt, proj = vision(vc or VISION_CHECKPOINT, tc['hidden_size'])
        vd, projd = vision(VISION_CLASS_DEFAULTS, tc['hidden_size'])
        total = t_total + vt + proj
        name, p, ex = pub[f]
        print(f'== {name}')
        for k, v in parts.items():
            print(f'   {k:14s} {v:>16,}')
        print(f'   text total     {t_total:>16,}')
        print(f'   vision tower   {vt:>16,}  + projector {proj:,}   [{src}]')
        print(f'   computed       {total:>16,}   published {int(p):>16,} ({ex})  diff {total - int(p):,}')
        print(f'   (a reader falling back to Llama4VisionConfig defaults would add {vd + projd:,} instead of {vt + proj:,})')
        print(f'   active/token incl. emb+head {x["active"]:,}; excl. input embedding {x["active"] - parts["embedding"]:,}')
        nf = lt.count('full_attention'); nc = lt.count('chunked_attention')
        b = 2
        print(f'   KV: {nf} full (NoPE) layers x {x["kv_layer"] * b} B/token = {nf * x["kv_layer"] * b:,} B/token; '
              f'{nc} chunked layers x {x["kv_layer"] * b} B/token, each capped at attention_chunk_size={x["chunk"]} tokens '
              f'(<= {nc * x["kv_layer"] * b * x["chunk"]:,} B/seq)')


if __name__ == '__main__':
    main()
