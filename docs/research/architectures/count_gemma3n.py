#!/usr/bin/env python3
"""gemma3n text-model counter (stdlib). No gemma3n config exists in refdata/configs-2026, so this runs on the
Gemma3nTextConfig class defaults (google/gemma-3n-E4B style) from huggingface/transformers
src/transformers/models/gemma3n/configuration_gemma3n.py @018548097621d331be9d60ab6cafdd71cfa67a43; inventory from
src/transformers/models/gemma3n/modeling_gemma3n.py @00aa0f5dc1ccd968335257cb871d41ee9c0bc21e.
Pass a config.json path as argv[1] to count a real checkpoint (text_config is unwrapped)."""
import json, sys

DEFAULT_TEXT = dict(vocab_size=262400, hidden_size=2048, intermediate_size=16384, num_hidden_layers=35,
                    num_attention_heads=8, num_key_value_heads=2, head_dim=256, tie_word_embeddings=True,
                    attention_bias=False, sliding_window=512, layer_types=None, vocab_size_per_layer_input=262144,
                    hidden_size_per_layer_input=256, altup_num_inputs=4, num_kv_shared_layers=15, laurel_rank=64)
DEFAULT_VISION = dict(hidden_size=2048, vocab_size=128)   # timm mobilenetv5_300m_enc tower itself not counted
DEFAULT_AUDIO = dict(hidden_size=1536, vocab_size=128)    # USM conformer tower itself not counted

def count(t, vis, aud):
    H = t['hidden_size']; V = t['vocab_size']; L = t['num_hidden_layers']; nq = t['num_attention_heads']
    nkv = t['num_key_value_heads']; hd = t['head_dim']; n = t['altup_num_inputs']; r = t['laurel_rank']
    ple = t['hidden_size_per_layer_input']; Is = t['intermediate_size']
    Is = Is if isinstance(Is, list) else [Is] * L
    lt = t.get('layer_types') or ['full_attention' if (i + 1) % 5 == 0 else 'sliding_attention' for i in range(L)]
    ab = t.get('attention_bias', False)
    b = dict(embedding=V * H, head=0 if t.get('tie_word_embeddings', True) else V * H, final_norm=H,
             ple_embedding=t['vocab_size_per_layer_input'] * L * ple, ple_model_proj=H * L * ple + ple,
             altup_proj=2 * (n - 1) * H * H, attention=0, attn_norms=0, mlp=0, norms=0, altup=0, laurel=0, ple_layer=0)
    for i in range(L):
        b['attention'] += 2 * H * nq * hd + 2 * H * nkv * hd + ((nq * hd + 2 * nkv * hd + H) if ab else 0)
        b['attn_norms'] += 2 * hd                       # q_norm, k_norm (v_norm no weight); k/v exist even on shared layers
        b['mlp'] += 3 * H * Is[i]
        b['norms'] += 4 * H
        b['altup'] += H + n * n + n * n * n + n * H + H  # correct_output_scale, correction_coefs[n,n], prediction_coefs[n^2,n], modality_router[n,H], router_norm
        b['laurel'] += 2 * H * r + H
        b['ple_layer'] += 2 * H * ple + H
    mm = 0
    for m in (vis, aud):
        mh = m['hidden_size']
        mm += m['vocab_size'] * mh + 2 * mh + mh * H     # embedding, hard/soft norms, projection (post-proj norm no weight)
    b['embed_vision_audio'] = mm
    # cache: layers >= L - num_kv_shared_layers reuse the last earlier layer of the same type -> no cache
    first_shared = L - (t.get('num_kv_shared_layers') or 0)
    full = sum(1 for i in range(first_shared) if lt[i] == 'full_attention')
    slide = first_shared - full
    return b, full, slide, t['sliding_window'], 2 * nkv * hd

def main():
    if len(sys.argv) > 1:
        c = json.load(open(sys.argv[1])); t = dict(DEFAULT_TEXT, **c.get('text_config', c))
        vis = dict(DEFAULT_VISION, **(c.get('vision_config') or {})); aud = dict(DEFAULT_AUDIO, **(c.get('audio_config') or {}))
    else:
        t, vis, aud = DEFAULT_TEXT, DEFAULT_VISION, DEFAULT_AUDIO
    b, full, slide, sw, kvel = count(t, vis, aud)
    print('== gemma3n (Gemma3nTextConfig defaults, E4B-style)' if len(sys.argv) == 1 else '== ' + sys.argv[1])
    for k, v in b.items(): print(f'   {k:20s} {v:>16,}')
    tot = sum(b.values()); ple_part = b['ple_embedding']
    print(f'   text + multimodal embedders {tot:,}  (of which per-layer embedding table {ple_part:,};'
          f' without it {tot - ple_part:,})')
    print('   published: none in refdata (card: E4B "8B raw / 4B effective"); vision (timm) and audio towers NOT counted')
    print(f'   KV: caching layers {full} full + {slide} sliding of {t["num_hidden_layers"]}; {kvel * 2:,} B/token/layer bf16;'
          f' full {full * kvel * 2:,} B/token, sliding {slide * kvel * 2:,} B/token capped at {sw}')

if __name__ == '__main__':
    main()
