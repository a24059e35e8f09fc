#!/usr/bin/env python3
"""Check llama.cpp buffer formulas against the llama.cpp-runner cases of cases.jsonl (stdlib only).

KV  : per layer  kv_size * (row_size(type_k, n_embd_k_gqa) + row_size(type_v, n_embd_v_gqa))
      (src/llama-kv-cache.cpp: ggml_new_tensor_3d(type_k, n_embd_k_gqa, kv_size, n_stream)),
      kv_size = n_ctx padded (256 since late 2025; 256 with FA / 32 without in 2024 builds; none before 2024-04)
Compute buffer (device), worst-case pp graph reserved with n_tokens = n_ubatch, n_outputs = n_ubatch,
n_kv = whole cache (llama-context.cpp graph_reserve + memory->init_full()):
   FA off (2024 builds):  4*n_kv*n_ub*n_head (KQ, soft_max in place) + 4*n_kv*n_ub (f32 mask)
                          + 4 * (4*n_embd*n_ub)  (residual/q/cur/... f32 activations)   [fitted; = Ollama's
                          GraphSize fullOffload for llama: 4*batch*(1 + 4*embd + ctx*(1+heads))]
   FA on:                 max(attention part, 4*n_vocab*n_ub + 4*n_embd*n_ub)  (logits + final norm)
Host compute buffer: the graph inputs on the CPU: f32 KQ mask 4*n_kv*n_ub + token embeddings 4*n_embd*n_ub
Output buffer (host): 4 * n_vocab * max(n_outputs, n_seq_max) (+ 4*n_embd*n_seq_max when embeddings are on)
Layer split: layer il -> first device with cumsum(split)/sum(split) > (il - i_gpu_start)/act_gpu_layers,
             act_gpu_layers = min(n_gpu_layers, n_layer + 1) (llama-model.cpp load_tensors)
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_size as G

MiB = 1 << 20; GiB = 1 << 30

def row(t, n):
    return G.row_bytes(t, n)

def kv_mib(layers, kv_size, n_embd_k, n_embd_v, tk='f16', tv='f16'):
    return layers * kv_size * (row(tk, n_embd_k) + row(tv, n_embd_v)) / MiB

def compute_fa_off(n_kv, n_ub, n_head, n_embd):
    dev = 4 * n_kv * n_ub * n_head + 4 * n_kv * n_ub + 4 * 4 * n_embd * n_ub
    host = 4 * n_kv * n_ub + 4 * n_embd * n_ub
    return dev / MiB, host / MiB

def compute_fa_on_output(n_vocab, n_ub, n_embd, n_kv):
    dev = 4 * n_vocab * n_ub + 4 * n_embd * n_ub
    host = 4 * n_kv * n_ub + 4 * n_embd * n_ub
    return dev / MiB, host / MiB

def layer_split(n_layer, n_gpu_layers, split):
    act = min(n_gpu_layers, n_layer + 1); start = max(n_layer - n_gpu_layers, 0)
    cs = []; s = 0
    for x in split: s += x; cs.append(s)
    cs = [c / s for c in cs]
    counts = [0] * len(split); cpu = 0
    for il in range(n_layer):
        if il < start or il - start >= act:
            cpu += 1; continue
        f = (il - start) / act
        d = next(i for i, c in enumerate(cs) if c > f)
        counts[d] += 1
    return counts, cpu

def qwen3moe(L=48, E=2048, H=32, KV=4, hd=128, NE=128, FFE=768, V=151936):
    t = [('token_embd.weight', (E, V), 'bf16'), ('output_norm.weight', (E,), 'f32'), ('output.weight', (E, V), 'bf16')]
    for i in range(L):
        p = f'blk.{i}.'
        t += [(p + 'attn_norm.weight', (E,), 'f32'), (p + 'attn_q.weight', (E, H * hd), 'bf16'),
              (p + 'attn_k.weight', (E, KV * hd), 'bf16'), (p + 'attn_v.weight', (E, KV * hd), 'bf16'),
              (p + 'attn_output.weight', (H * hd, E), 'bf16'), (p + 'attn_q_norm.weight', (hd,), 'f32'),
              (p + 'attn_k_norm.weight', (hd,), 'f32'), (p + 'ffn_norm.weight', (E,), 'f32'),
              (p + 'ffn_gate_inp.weight', (E, NE), 'f32'), (p + 'ffn_gate_exps.weight', (E, FFE, NE), 'bf16'),
              (p + 'ffn_up_exps.weight', (E, FFE, NE), 'bf16'), (p + 'ffn_down_exps.weight', (FFE, E, NE), 'bf16')]
    m = dict(arch='qwen3moe', n_layer=L, n_gqa=H // KV, n_expert=NE, type_70B=False, tensors=t, meta_bytes=0)
    return m

def deepseek3():
    m = G.deepseek2(L=61, E=7168, V=129280, H=128, q_lora=1536, kv_lora=512, nope=128, rope=64, vd=128,
                    FF=18432, FFE=2048, NE=256, NSH=1, dense_lead=3)
    m['n_expert'] = 256
    return m

def show(label, pred, logged):
    err = (pred - logged) / logged * 100 if logged else float('nan')
    print(f"  {label:34s} pred {pred:10.2f} MiB   logged {logged:10.2f} MiB   err {err:+7.3f}%")

def main():
    cases_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/runlogs/cases.jsonl')
    C = {json.loads(l)['id']: json.loads(l) for l in open(cases_path)}
    f = lambda s: float(str(s).split()[0])

    print("llamacpp-003  Qwen3-Coder-30B-A3B Q8_0, n_ctx 65536 unified, 4 seqs, ub 512, FA on")
    r = C['llamacpp-003']['reported']
    m = qwen3moe()
    tl = G.tensor_list(m, 'Q8_0')
    embd = sum(b for n, _, b in tl if n == 'token_embd.weight')
    rest = sum(b for n, _, b in tl if n != 'token_embd.weight')
    show('CPU_Mapped model (token_embd)', embd / MiB, f(r['CPU_Mapped_model_buffer']))
    show('CUDA0 model (all but token_embd)', rest / MiB, f(r['CUDA0_model_buffer']))
    print(f"  file size {(embd + rest) / GiB:.2f} GiB (logged {r['file_size']})")
    show('CUDA0 KV', kv_mib(48, 65536, 512, 512), f(r['CUDA0_KV_buffer']))
    d, h = compute_fa_on_output(151936, 512, 2048, 65536)
    show('CUDA0 compute (logits+norm)', d, f(r['CUDA0_compute_buffer']))
    show('CUDA_Host compute (f32 mask+embd)', h, f(r['CUDA_Host_compute_buffer']))
    show('CUDA_Host output (4 seqs)', 4 * 151936 * 4 / MiB, f(r['CUDA_Host_output_buffer']))

    print("\nllamacpp-004  Mistral-7B family, n_ctx 32000, ub 512, FA off")
    r = C['llamacpp-004']['reported']
    show('CUDA0 KV', kv_mib(32, 32000, 1024, 1024), f(r['CUDA0_KV_buffer']))
    d, h = compute_fa_off(32000, 512, 32, 4096)
    show('CUDA0 compute', d, f(r['CUDA0_compute_buffer']))
    show('CUDA_Host compute', h, f(r['CUDA_Host_compute_buffer']))
    show('CUDA_Host output (1 seq, vocab 32000)', 32000 * 4 / MiB, f(r['CUDA_Host_output_buffer']))
    print(f"  CPU buffer 41.02 MiB = token_embd: 32000 x 4096 at {41.02 * MiB * 8 / (32000 * 4096):.3f} bpw "
          f"(q2_K = 2.625 -> 41.02 MiB: {row('q2_K', 4096) * 32000 / MiB:.2f})")

    print("\nllamacpp-005  Qwen2.5-Coder-32B, kv 32768, q8_0 K/V, 2 GPUs")
    r = C['llamacpp-005']['reported']
    per_layer = 32768 * (row('q8_0', 1024) * 2) / MiB
    show('KV total (64 layers)', 64 * per_layer, f(r['KV_self_size']))
    print(f"  per layer {per_layer:.2f} MiB -> CUDA0 {f(r['CUDA0_KV_buffer']) / per_layer:.2f} layers, "
          f"CUDA1 {f(r['CUDA1_KV_buffer']) / per_layer:.2f} layers (default split by free memory)")
    show('CUDA_Host output (1 seq, vocab 152064)', 152064 * 4 / MiB, f(r['CUDA_Host_output_buffer']))

    print("\nllamacpp-006  Qwen1.5-72B q3_k_m, n_ctx 13000, -ts 33,34,33, ngl 1000")
    r = C['llamacpp-006']['reported']
    counts, cpu = layer_split(80, 1000, [33, 34, 33])
    show(f'CUDA0 KV ({counts[0]} layers, f16)', kv_mib(counts[0], 13000, 8192, 8192), f(r['CUDA0_KV_buffer']))
    print(f"  layer split {counts} (+ output layer on the last device), CPU layers {cpu}")

    print("\nollama-005  DeepSeek-V3 Q4_K_M (no MLA cache), n_ctx 2048, 1/62 layers offloaded")
    r = C['ollama-005']['reported']
    per = kv_mib(1, 2048, 128 * 192, 128 * 128)
    show('CUDA0 KV (layer 60)', per, f(r['CUDA0_KV_buffer']))
    show('CPU KV (60 layers)', 60 * per, f(r['CPU_KV_buffer']))
    m = deepseek3()
    tl = G.tensor_list(m, 'Q4_K_M', imatrix=False)
    l60 = sum(b for n, _, b in tl if n.startswith('blk.60.'))
    tot = sum(b for _, _, b in tl)
    show('CUDA0 model (blk.60)', l60 / MiB, f(r['CUDA0_model_buffer']))
    show('CPU_Mapped model (everything else)', (tot - l60) / MiB, f(r['CPU_Mapped_model_buffer']))

    print("\nollama-001  llama3.1:8b Q4_0 actual runner buffers (n_ctx 8192 = 4 x 2048, ub 512, FA off)")
    r = C['ollama-001']['reported']
    m = G.dense('llama', 32, 4096, 32, 8, 14336, 128256, extra_1d=64)
    tl = G.tensor_list(m, 'Q4_0', imatrix=False)
    embd = sum(b for n, _, b in tl if n == 'token_embd.weight')
    show('CPU buffer (token_embd q4_0)', embd / MiB, f(r['CPU_buffer']))
    show('CUDA0 buffer (rest)', (sum(b for _, _, b in tl) - embd) / MiB, f(r['CUDA0_buffer']))
    show('CUDA0 KV', kv_mib(32, 8192, 1024, 1024), f(r['CUDA0_KV_buffer']))
    d, h = compute_fa_off(8192, 512, 32, 4096)
    show('CUDA0 compute', d, f(r['CUDA0_compute_buffer']))
    show('CUDA_Host compute', h, f(r['CUDA_Host_compute_buffer']))
    show('CUDA_Host output (4 seqs + embd)', (128256 * 4 * 4 + 4096 * 4 * 4) / MiB, f(r['CUDA_Host_output_buffer']))

if __name__ == '__main__':
    main()
