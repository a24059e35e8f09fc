#!/usr/bin/env python3
"""Predict GGUF file sizes from llama.cpp's quantization mix (stdlib only).

Implements llama_tensor_get_type() of src/llama-quant.cpp as vendored in
ollama/ollama@f63eea3d273816ffc27fbeb0662ab44d236abc45 (llama.cpp ec98e2002, Dec 2025;
the rules are the same as the 2024 builds bartowski used for the files checked here),
with imatrix=True (bartowski quantizes every file with an importance matrix).
Block sizes: ggml-common.h block_* structs (same commit).

Usage: python3 gguf_size.py [path/to/cases.jsonl]
Prints predicted vs published (decimal GB, 1e9 bytes) and the error in %.
"""
import json, os, sys

# ---------------------------------------------------------------- ggml types
# name: (block size in elements, bytes per block)   -- ggml-common.h static_asserts
GGML = {
    'f32': (1, 4), 'f16': (1, 2), 'bf16': (1, 2),
    'q4_0': (32, 18), 'q4_1': (32, 20), 'q5_0': (32, 22), 'q5_1': (32, 24),
    'q8_0': (32, 34), 'mxfp4': (32, 17), 'iq4_nl': (32, 18),
    'q2_K': (256, 84), 'q3_K': (256, 110), 'q4_K': (256, 144), 'q5_K': (256, 176),
    'q6_K': (256, 210), 'iq2_xxs': (256, 66), 'iq2_xs': (256, 74), 'iq2_s': (256, 82),
    'iq3_xxs': (256, 98), 'iq3_s': (256, 110), 'iq1_s': (256, 50), 'iq1_m': (256, 56),
    'iq4_xs': (256, 136), 'tq1_0': (256, 54), 'tq2_0': (256, 66),
    # removed in 2024-11, kept to read old tables: same bytes as q4_0 (repacked)
    'q4_0_8_8': (32, 18),
}
QUANTIZED = set(GGML) - {'f32', 'f16', 'bf16'}

def row_bytes(t, ne0):
    b, s = GGML[t]
    assert ne0 % b == 0, (t, ne0)
    return ne0 // b * s

# ftype -> default ggml type (llama_model_quantize_impl switch)
DEFAULT = {
    'F16': 'f16', 'BF16': 'bf16', 'Q8_0': 'q8_0', 'Q4_0': 'q4_0', 'Q4_1': 'q4_1',
    'Q5_0': 'q5_0', 'Q5_1': 'q5_1', 'MXFP4_MOE': 'mxfp4',
    'Q2_K': 'q2_K', 'Q2_K_S': 'q2_K', 'IQ3_XS': 'iq3_s', 'Q3_K_S': 'q3_K', 'Q3_K_M': 'q3_K',
    'Q3_K_L': 'q3_K', 'Q4_K_S': 'q4_K', 'Q4_K_M': 'q4_K', 'Q5_K_S': 'q5_K', 'Q5_K_M': 'q5_K',
    'Q6_K': 'q6_K', 'TQ1_0': 'tq1_0', 'TQ2_0': 'tq2_0', 'IQ2_XXS': 'iq2_xxs', 'IQ2_XS': 'iq2_xs',
    'IQ2_S': 'iq2_xs', 'IQ2_M': 'iq2_s', 'IQ3_XXS': 'iq3_xxs', 'IQ1_S': 'iq1_s', 'IQ1_M': 'iq1_m',
    'IQ4_NL': 'iq4_nl', 'IQ4_XS': 'iq4_xs', 'IQ3_S': 'iq3_s', 'IQ3_M': 'iq3_s',
    'Q4_0_8_8': 'q4_0_8_8',
}
# bartowski names: base ftype + --output-tensor-type/--token-embedding-type (q8_0 unless said)
VARIANTS = {'Q6_K_L': 'Q6_K', 'Q5_K_L': 'Q5_K_M', 'Q4_K_L': 'Q4_K_M', 'Q3_K_XL': 'Q3_K_L',
            'Q2_K_L': 'Q2_K'}

IQ_LOW = {'IQ2_XXS', 'IQ2_XS', 'IQ1_S', 'IQ2_S', 'IQ2_M', 'IQ1_M'}

def use_more_bits(i, n):
    return i < n // 8 or i >= 7 * n // 8 or (i - n // 8) % 3 == 2

FALLBACK = {'tq1_0': 'q4_0', 'tq2_0': 'q4_0', 'iq2_xxs': 'iq4_nl', 'iq2_xs': 'iq4_nl',
            'iq2_s': 'iq4_nl', 'iq3_xxs': 'iq4_nl', 'iq3_s': 'iq4_nl', 'iq1_s': 'iq4_nl',
            'iq1_m': 'iq4_nl', 'q2_K': 'iq4_nl', 'q3_K': 'iq4_nl', 'iq4_xs': 'iq4_nl',
            'q4_K': 'q5_0', 'q5_K': 'q5_1', 'q6_K': 'q8_0'}

class Q:
    """quantize_state_impl"""
    def __init__(s, m, imatrix=True):
        s.m = m; s.has_imatrix = imatrix
        s.n_attention_wv = sum(1 for t in m['tensors'] if any(k in t[0] for k in ('attn_v.weight', 'attn_qkv.weight', 'attn_kv_b.weight')))
        s.has_output = any(t[0] == 'output.weight' for t in m['tensors'])
        s.n_ffn = m['n_layer']
        s.i_attention_wv = s.i_ffn_down = s.i_ffn_gate = s.i_ffn_up = 0

def layer_of(q, counter, name):
    if q.m.get('n_expert', 0) > 1:
        return int(name.split('.')[1])
    return counter

def get_type(q, new, name, ne0, ft):
    """llama_tensor_get_type (ec98e2002)"""
    m = q.m; arch = m['arch']; gqa = m['n_gqa']; nexp = m.get('n_expert', 0)
    is70 = m.get('type_70B', False)
    if name == 'output.weight' or (not q.has_output and name == 'token_embd.weight'):
        qk = GGML[new][0]
        if ft == 'MXFP4_MOE': new = 'q8_0'
        elif arch == 'falcon' or ne0 % qk != 0: new = 'q8_0'
        elif ft in ('IQ2_XXS', 'IQ2_XS', 'IQ3_XXS', 'IQ1_S', 'IQ2_S', 'IQ2_M', 'IQ1_M'): new = 'q5_K'
        elif new != 'q8_0': new = 'q6_K'
    elif ft == 'MXFP4_MOE':
        new = 'mxfp4' if name.endswith('_exps.weight') else 'q8_0'
    elif name in ('token_embd.weight', 'per_layer_token_embd.weight'):
        if ft in ('IQ2_XXS', 'IQ2_XS', 'IQ1_S', 'IQ1_M'): new = 'q2_K'
        elif ft in ('IQ2_S', 'IQ2_M', 'IQ3_XXS'): new = 'iq3_s'
        elif ft in ('TQ1_0', 'TQ2_0'): new = 'q4_K'
    elif ft in IQ_LOW:
        if 'attn_v.weight' in name:
            if gqa >= 4 or nexp >= 4: new = 'q4_K'
            else: new = 'iq3_s' if ft in ('IQ2_S', 'IQ2_M') else 'q2_K'
            q.i_attention_wv += 1
        elif nexp == 8 and 'attn_k.weight' in name: new = 'q4_K'
        elif 'ffn_down' in name:
            if q.i_ffn_down < q.n_ffn // 8:
                new = 'iq3_s' if ft in ('IQ2_S', 'IQ2_M') else 'q2_K'
            q.i_ffn_down += 1
        elif 'attn_output.weight' in name:
            if nexp == 8: new = 'q5_K'
            elif ft in ('IQ1_S', 'IQ1_M'): new = 'iq2_xxs'
            elif ft in ('IQ2_S', 'IQ2_M'): new = 'iq3_s'
    elif 'attn_v.weight' in name:
        i = q.i_attention_wv
        if ft == 'Q2_K': new = 'q4_K' if gqa >= 4 else 'q3_K'
        elif ft == 'Q2_K_S' and gqa >= 4: new = 'q4_K'
        elif ft == 'IQ3_XXS': new = 'q4_K' if gqa >= 4 else ('iq3_s' if not q.has_imatrix else 'iq3_xxs')
        elif ft in ('IQ3_XS', 'IQ3_S') and gqa >= 4: new = 'q4_K'
        elif ft == 'IQ3_M': new = 'q4_K'
        elif ft == 'Q3_K_M': new = 'q5_K' if i < 2 else 'q4_K'
        elif ft == 'Q3_K_L': new = 'q5_K'
        elif ft in ('IQ4_NL', 'IQ4_XS') and gqa >= 4: new = 'q5_K'
        elif ft in ('Q4_K_M', 'Q5_K_M') and use_more_bits(i, q.n_attention_wv): new = 'q6_K'
        elif ft == 'Q4_K_S' and i < 4: new = 'q5_K'
        if is70 and new in ('q3_K', 'q4_K'): new = 'q5_K'
        if nexp == 8: new = 'q8_0'
        q.i_attention_wv += 1
    elif 'attn_k.weight' in name:
        if nexp == 8: new = 'q8_0'
        elif ft == 'IQ3_XS': new = 'iq3_xxs'
        elif ft == 'IQ3_XXS': new = 'iq2_s'
    elif 'attn_q.weight' in name:
        if ft == 'IQ3_XS': new = 'iq3_xxs'
        elif ft == 'IQ3_XXS': new = 'iq2_s'
    elif 'ffn_down' in name:
        il = layer_of(q, q.i_ffn_down, name); n = q.n_ffn
        if ft == 'Q2_K': new = 'q3_K'
        elif ft == 'Q2_K_S':
            if il < n // 8: new = 'q4_K'
        elif ft == 'IQ3_XXS' and not q.has_imatrix:
            new = 'q4_K' if il < n // 8 else 'q3_K'
        elif ft == 'Q3_K_M':
            new = 'q5_K' if il < n // 16 else ('q4_K' if arch != 'falcon' or use_more_bits(il, n) else 'q3_K')
        elif ft == 'IQ3_M' and (il < n // 8 or (nexp == 8 and use_more_bits(il, n))): new = 'q4_K'
        elif ft == 'Q3_K_L': new = 'q4_K' if arch == 'falcon' else 'q5_K'
        elif ft == 'Q4_K_M':
            if arch == 'falcon':
                new = 'q6_K' if il < n // 16 else ('q5_K' if use_more_bits(il, n) else 'q4_K')
            elif use_more_bits(il, n): new = 'q6_K'
        elif il < n // 8 and ft in ('IQ4_NL', 'IQ4_XS') and not q.has_imatrix: new = 'q5_K'
        elif ft == 'Q5_K_M' and use_more_bits(il, n): new = 'q6_K'
        elif ft == 'Q4_K_S' and arch != 'falcon' and il < n // 8: new = 'q5_K'
        elif ft in ('Q4_0', 'Q5_0') and q.has_imatrix and il < n // 8:
            new = 'q4_1' if ft == 'Q4_0' else 'q5_1'
        q.i_ffn_down += 1
    elif 'attn_output.weight' in name:
        if arch != 'falcon':
            if nexp == 8:
                if ft in ('Q2_K', 'IQ3_XS', 'IQ3_XXS', 'Q3_K_S', 'Q3_K_M', 'IQ4_NL', 'Q4_K_S', 'Q4_K_M', 'IQ3_S', 'IQ3_M', 'IQ4_XS'):
                    new = 'q5_K'
            else:
                new = {'Q2_K': 'q3_K', 'IQ3_XXS': 'iq3_s', 'Q3_K_M': 'q4_K', 'Q3_K_L': 'q5_K', 'IQ3_M': 'q4_K'}.get(ft, new)
        elif ft == 'Q3_K_L': new = 'q4_K'
    elif 'attn_qkv.weight' in name:
        if ft in ('Q3_K_M', 'Q3_K_L', 'IQ3_M'): new = 'q4_K'
        elif ft == 'Q4_K_M': new = 'q5_K'
        elif ft == 'Q5_K_M': new = 'q6_K'
    elif 'ffn_gate' in name:
        il = layer_of(q, q.i_ffn_gate, name); n = q.n_ffn
        if ft == 'IQ3_XS' and n // 8 <= il < 7 * n // 8: new = 'iq3_xxs'
        q.i_ffn_gate += 1
    elif 'ffn_up' in name:
        il = layer_of(q, q.i_ffn_up, name); n = q.n_ffn
        if ft == 'IQ3_XS' and n // 8 <= il < 7 * n // 8: new = 'iq3_xxs'
        q.i_ffn_up += 1
    # fallback for rows not divisible by the block size
    if ne0 % GGML[new][0] != 0:
        new = FALLBACK[new]
        if ne0 % GGML[new][0] != 0:
            new = 'f16'
    return new

def quantizable(name, ndim):
    if ndim < 2 or not name.endswith('weight'): return False
    if '_norm.weight' in name or 'ffn_gate_inp.weight' in name: return False
    return True

def file_bytes(m, ftype, embed_out=None, imatrix=True):
    """sum of tensor bytes (each padded to 32-byte alignment) + metadata estimate"""
    total = 0; hist = {}
    for name, t, b in tensor_list(m, ftype, embed_out, imatrix):
        total += (b + 31) // 32 * 32
        hist[t] = hist.get(t, 0) + b
    return total + m['meta_bytes'], hist

def tensor_list(m, ftype, embed_out=None, imatrix=True):
    """[(name, ggml type, bytes)] in llama.cpp's weights_map order (by layer, then name)"""
    base = VARIANTS.get(ftype, ftype)
    if ftype in VARIANTS and embed_out is None: embed_out = 'q8_0'
    q = Q(m, imatrix)
    default = DEFAULT[base]
    out = []
    def key(t):
        n = t[0]
        return (int(n.split('.')[1]) if n.startswith('blk.') else -1, n)
    for (name, shape, src) in sorted(m['tensors'], key=key):
        ne0 = shape[0]; nrows = 1
        for d in shape[1:]: nrows *= d
        t = src
        if quantizable(name, len(shape)):
            t = default
            if default in QUANTIZED:
                if base == 'Q4_0_8_8':
                    # old repacked ftype: all q4_0-sized, output q6_K, no imatrix ffn_down rule
                    t = 'q6_K' if name == 'output.weight' or (not q.has_output and name == 'token_embd.weight') else 'q4_0'
                else:
                    t = get_type(q, default, name, ne0, base)
            if embed_out and name == 'token_embd.weight': t = embed_out
            if embed_out and name == 'output.weight': t = embed_out
        out.append((name, t, row_bytes(t, ne0) * nrows))
    return out

# ---------------------------------------------------------------- models
def meta_estimate(n_vocab, n_merges, n_tensors, spm=False, tok_len=7.0, merge_len=12.0):
    """GGUF KV metadata + tensor infos (estimate): tokens (u64 len + bytes), token_type i32,
    scores f32 for SPM, merges (u64 len + bytes), ~100 B per tensor info, ~8 KB other keys."""
    b = n_vocab * (8 + tok_len) + n_vocab * 4 + n_merges * (8 + merge_len)
    if spm: b += n_vocab * 4
    return int(b + n_tensors * 100 + 8192)

def dense(arch, L, E, H, KV, FF, V, tied=False, hd=None, qkv_bias=False, fused_qkv=False,
          fused_gate_up=False, qk_norm=None, post_norms=False, extra_1d=0, type_70B=False,
          n_merges=0, spm=False, src='f16'):
    hd = hd or E // H
    t = [('token_embd.weight', (E, V), src), ('output_norm.weight', (E,), 'f32')]
    if not tied: t.append(('output.weight', (E, V), src))
    if extra_1d: t.append(('rope_freqs.weight', (extra_1d,), 'f32'))
    for i in range(L):
        p = f'blk.{i}.'
        t.append((p + 'attn_norm.weight', (E,), 'f32'))
        if fused_qkv:
            t.append((p + 'attn_qkv.weight', (E, H * hd + 2 * KV * hd), src))
        else:
            t += [(p + 'attn_q.weight', (E, H * hd), src), (p + 'attn_k.weight', (E, KV * hd), src),
                  (p + 'attn_v.weight', (E, KV * hd), src)]
            if qkv_bias:
                t += [(p + 'attn_q.bias', (H * hd,), 'f32'), (p + 'attn_k.bias', (KV * hd,), 'f32'),
                      (p + 'attn_v.bias', (KV * hd,), 'f32')]
        if qk_norm:
            t += [(p + 'attn_q_norm.weight', (qk_norm[0],), 'f32'), (p + 'attn_k_norm.weight', (qk_norm[1],), 'f32')]
        t.append((p + 'attn_output.weight', (H * hd, E), src))
        t.append((p + 'ffn_norm.weight', (E,), 'f32'))
        if post_norms:
            t.append((p + 'post_attention_norm.weight', (E,), 'f32'))
        if fused_gate_up:
            t.append((p + 'ffn_up.weight', (E, 2 * FF), src))
        else:
            t += [(p + 'ffn_gate.weight', (E, FF), src), (p + 'ffn_up.weight', (E, FF), src)]
        t.append((p + 'ffn_down.weight', (FF, E), src))
    m = dict(arch=arch, n_layer=L, n_gqa=H // KV, n_expert=0, type_70B=type_70B, tensors=t)
    m['meta_bytes'] = meta_estimate(V, n_merges, len(t), spm=spm)
    return m

def deepseek2(L=60, E=5120, V=102400, H=128, q_lora=1536, kv_lora=512, nope=128, rope=64, vd=128,
              FF=12288, FFE=1536, NE=160, NSH=2, dense_lead=1, src='f16'):
    t = [('token_embd.weight', (E, V), src), ('output_norm.weight', (E,), 'f32'), ('output.weight', (E, V), src)]
    for i in range(L):
        p = f'blk.{i}.'
        t += [(p + 'attn_norm.weight', (E,), 'f32'), (p + 'attn_q_a_norm.weight', (q_lora,), 'f32'),
              (p + 'attn_kv_a_norm.weight', (kv_lora,), 'f32'),
              (p + 'attn_q_a.weight', (E, q_lora), src), (p + 'attn_q_b.weight', (q_lora, H * (nope + rope)), src),
              (p + 'attn_kv_a_mqa.weight', (E, kv_lora + rope), src),
              (p + 'attn_kv_b.weight', (kv_lora, H * (nope + vd)), src),
              (p + 'attn_output.weight', (H * vd, E), src), (p + 'ffn_norm.weight', (E,), 'f32')]
        if i < dense_lead:
            t += [(p + 'ffn_gate.weight', (E, FF), src), (p + 'ffn_up.weight', (E, FF), src),
                  (p + 'ffn_down.weight', (FF, E), src)]
        else:
            t += [(p + 'ffn_gate_inp.weight', (E, NE), 'f32'),
                  (p + 'ffn_gate_exps.weight', (E, FFE, NE), src), (p + 'ffn_up_exps.weight', (E, FFE, NE), src),
                  (p + 'ffn_down_exps.weight', (FFE, E, NE), src),
                  (p + 'ffn_gate_shexp.weight', (E, FFE * NSH), src), (p + 'ffn_up_shexp.weight', (E, FFE * NSH), src),
                  (p + 'ffn_down_shexp.weight', (FFE * NSH, E), src)]
    m = dict(arch='deepseek2', n_layer=L, n_gqa=1, n_expert=NE, type_70B=False, tensors=t)
    m['meta_bytes'] = meta_estimate(V, 99757, len(t))
    return m

def cfg(path):
    return json.load(open(path))

def build_models(refdir):
    c = os.path.join(refdir, 'configs')
    M = {}
    q32 = cfg(os.path.join(c, 'Qwen__Qwen2.5-32B.json'))
    M['Qwen/Qwen2.5-32B-Instruct'] = dense('qwen2', q32['num_hidden_layers'], q32['hidden_size'],
        q32['num_attention_heads'], q32['num_key_value_heads'], q32['intermediate_size'], q32['vocab_size'],
        qkv_bias=True, n_merges=151387)
    q72 = cfg(os.path.join(c, 'Qwen__Qwen2.5-72B.json'))
    M['Qwen/Qwen2.5-72B-Instruct'] = dense('qwen2', q72['num_hidden_layers'], q72['hidden_size'],
        q72['num_attention_heads'], q72['num_key_value_heads'], q72['intermediate_size'], q72['vocab_size'],
        qkv_bias=True, type_70B=True, n_merges=151387)
    l70 = cfg(os.path.join(c, 'meta-llama__Llama-3.1-70B.json'))
    M['meta-llama/Meta-Llama-3.1-70B-Instruct'] = dense('llama', l70['num_hidden_layers'], l70['hidden_size'],
        l70['num_attention_heads'], l70['num_key_value_heads'], l70['intermediate_size'], l70['vocab_size'],
        extra_1d=64, type_70B=True, n_merges=280147)
    p3 = cfg(os.path.join(c, 'microsoft__Phi-3-mini-4k-instruct.json'))   # Phi-3.5-mini: same shapes
    m = dense('phi3', p3['num_hidden_layers'], p3['hidden_size'], p3['num_attention_heads'],
        p3['num_key_value_heads'], p3['intermediate_size'], p3['vocab_size'], fused_qkv=True,
        fused_gate_up=True, spm=True)
    m['tensors'] += [('rope_factors_long.weight', (48,), 'f32'), ('rope_factors_short.weight', (48,), 'f32')]
    M['microsoft/Phi-3.5-mini-instruct'] = m
    # well-known hyperparameters (configs not in refdata):
    # OLMo-2-1124-13B: hidden 5120, 40 layers, 40 heads (MHA), ff 13824, vocab 100352, untied,
    #   q_norm/k_norm over the full 5120 width, post-attn and post-ffn norms, no pre-norms
    m = dense('olmo2', 40, 5120, 40, 40, 13824, 100352, qk_norm=(5120, 5120), post_norms=True, n_merges=100000)
    M['allenai/OLMo-2-1124-13B-Instruct'] = m
    # Qwen2-0.5B: hidden 896, 24 layers, 14 heads, 2 KV heads, ff 4864, vocab 151936, tied
    M['Qwen/Qwen2-0.5B-Instruct'] = dense('qwen2', 24, 896, 14, 2, 4864, 151936, tied=True,
        qkv_bias=True, n_merges=151387)
    # DeepSeek-Coder-V2-Instruct = DeepSeek-V2 236B shapes
    M['deepseek-ai/DeepSeek-Coder-V2-Instruct'] = deepseek2()
    return M

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cases = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/runlogs/cases.jsonl')
    refdir = os.path.dirname(os.path.dirname(os.path.abspath(cases)))
    models = build_models(refdir)
    rows = []
    for line in open(cases):
        d = json.loads(line)
        if d['kind'] != 'gguf_size': continue
        key = d['model'].split(' (')[0]
        m = models.get(key)
        if m is None:
            print(f"{d['id']}: no architecture for {key}"); continue
        print(f"\n{d['id']}  {key}")
        print(f"  {'quant':10s} {'published':>10s} {'predicted':>10s} {'err%':>7s}")
        for qn, s in d['reported']['file_size'].items():
            pub = float(s.rstrip('GB'))
            ft = qn.upper() if qn != 'f16' else 'F16'
            eo = 'f16' if (key.startswith('deepseek') and ft == 'Q3_K_XL') else None
            nb, hist = file_bytes(m, ft, eo)
            pred = nb / 1e9
            err = (pred - pub) / pub * 100
            rows.append((d['id'], qn, pub, pred, err))
            print(f"  {qn:10s} {pub:10.2f} {pred:10.2f} {err:+7.2f}")
    errs = [abs(r[4]) for r in rows]
    big = [r for r in rows if r[2] >= 1.0]
    print(f"\n{len(rows)} sizes: mean |err| {sum(errs)/len(errs):.2f}%, max {max(errs):.2f}%;"
          f" files >= 1 GB: max |err| {max(abs(r[4]) for r in big):.2f}%")

if __name__ == '__main__':
    main()
