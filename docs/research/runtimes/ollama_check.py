#!/usr/bin/env python3
"""Re-run Ollama's 2024-2025 memory estimate (llm/memory.go EstimateGPULayers + GraphSize) for the
`ollama` cases of cases.jsonl (stdlib only).

Sources: ollama/ollama@63269668c06cee60beb617f00e8c6829502ba0ab (2024-12-10) llm/memory.go, llm/ggml.go;
         ollama/ollama@b2b270ad5d6e4ad1ab7132364cfae06e21918926 (2025-06-23) llm/memory.go, fs/ggml/ggml.go
         (gemma3 sliding-window KV, per-layer kv[], ollama-engine projector on the last layer).
Per-layer tensor sizes come from gguf_size.py (llama.cpp quantization mix) where the model is known.
Free memory is only printed with one decimal, so the layer count is reported for the whole range
of free values that round to the printed number.
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf_size as G

MiB = 1 << 20; GiB = 1 << 30
MIN_MEM = 457 * MiB          # discover/gpu.go cudaMinimumMemory = rocmMinimumMemory = 457 MiB

def hb(b):                   # format.HumanBytes2
    return f"{b / GiB:.1f} GiB" if b >= GiB else f"{b / MiB:.1f} MiB"

def graph_llama(ctx, batch, E, H, HKV, hd, V):
    full = max(4 * batch * (1 + 4 * E + ctx * (1 + H)), 4 * batch * (E + V))
    part = 4 * batch * E + max(4 * batch * (1 + E + max(ctx, E)) + E * E * 9 // 16 + 4 * ctx * (batch * H + hd * HKV),
                               4 * batch * (E + V) + E * V * 105 // 128)
    return part, full

def graph_gemma3(ctx, batch, E, H, hdk, V):
    full = max(4 * batch * (E + V), 4 * batch * (2 + ctx + ctx * H + 2 * E + 2 * hdk * H))
    part = max(4 * E * batch + E * V * 105 // 128 + 4 * V * batch,
               4 * batch * (2 * E + 1 + 2 * hdk * H + ctx + ctx * H) + 4 * hdk * ctx * 8 + E * hdk * H * 9 // 16)
    return part, full

def estimate(free, blk_sizes, kv_layers, out_size, gpart, gfull, n_gpus=1, num_gpu=-1, last_extra=0,
             reverse=False, overhead=0):
    """EstimateGPULayers, single library. Returns dict like the log line."""
    L = len(blk_sizes)
    layer0 = blk_sizes[0] + kv_layers[0]
    if n_gpus > 1:
        gfull = gpart
    alloc = [0] * n_gpus; counts = [0] * n_gpus
    with_space = []
    for g in range(n_gpus):
        if free[g] < overhead + max(gpart, gfull) + MIN_MEM + 2 * layer0:
            continue
        with_space.append(g); alloc[g] += MIN_MEM + layer0
    n = 0; overflow = 0; weights = 0
    order = range(L - 1, -1, -1) if reverse else range(L)
    ls = layer0
    for i in order:
        ls = blk_sizes[i] + kv_layers[i]
        weights += ls if not reverse else blk_sizes[i]
        if num_gpu >= 0 and n >= num_gpu:
            if reverse: overflow += ls
            continue
        placed = False
        j = len(with_space)
        while j > 0:
            g = with_space[i % j]
            used = alloc[g] + max(gpart, gfull)
            if free[g] > overhead + used + ls:
                alloc[g] += ls; counts[g] += 1; n += 1; placed = True
                break
            with_space.pop(i % j); j -= 1
        if reverse and not with_space and not placed:
            overflow += ls
    full_loaded = n >= L
    if not reverse and not full_loaded:
        overflow += (L - n) * ls
    last = out_size + last_extra
    if last > 0:
        if num_gpu < 0 or n < num_gpu:
            j = len(with_space)
            while j > 0:
                g = with_space[n % j]
                if free[g] > overhead + alloc[g] + max(gpart, gfull) + last:
                    alloc[g] += last; counts[g] += 1; n += 1
                    break
                j -= 1
        if n < L + 1:
            full_loaded = False; overflow += last
    for g in range(n_gpus):
        if counts[g] > 0:
            alloc[g] += gfull if full_loaded else gpart
    partial = sum(alloc)
    return dict(layers=n, partial=partial, full=partial + overflow, alloc=alloc, weights=weights,
                graph=(gpart, gfull))

def ggml_model(kind):
    if kind == 'llama31-8b':
        return G.dense('llama', 32, 4096, 32, 8, 14336, 128256, extra_1d=64, n_merges=280147)
    if kind == 'mistral-7b-v03':
        return G.dense('llama', 32, 4096, 32, 8, 14336, 32768, spm=True)
    if kind == 'phi-4':
        return G.dense('phi3', 40, 5120, 40, 10, 17920, 100352, fused_qkv=True, fused_gate_up=True, n_merges=100000)

def layer_sizes(m, ftype, imatrix):
    tl = G.tensor_list(m, ftype, imatrix=imatrix)
    L = m['n_layer']
    blk = [0] * L; out = 0; embd = 0
    for name, t, b in tl:
        if name.startswith('blk.'):
            blk[int(name.split('.')[1])] += b
        elif name in ('output.weight', 'output_norm.weight'):
            out += b
        elif name == 'token_embd.weight':
            embd = b
    if not any(n == 'output.weight' for n, _, _ in tl):
        out += embd     # tied: Ollama counts token_embd as the output layer
    return blk, out, embd

def free_range(printed_gib):
    lo = int((printed_gib - 0.05) * GiB); hi = int((printed_gib + 0.05) * GiB)
    return lo, hi

def run_case(cid, d, m, ftype, imatrix, ctx, batch, H, HKV, hd, V, E, free_printed, n_gpus=1):
    blk, out, embd = layer_sizes(m, ftype, imatrix)
    L = len(blk)
    kv_total = ctx * L * (2 * hd) * HKV * 2          # 2 B * ctx * L * (head_k + head_v) * headsKV
    kv_layers = [kv_total // L] * L
    if m['arch'] == 'phi3':
        gpart = (H // HKV) * kv_total // 6; gfull = gpart        # no phi3 case in GraphSize
    else:
        gpart, gfull = graph_llama(ctx, batch, E, H, HKV, hd, V)
    r = d['reported']; est_r = r.get('ollama_estimate', r)
    print(f"\n{cid}: {d['model'][:70]}")
    print(f"  kv {hb(kv_total)} (logged {est_r['memory.required.kv']}); graph full {hb(gfull)} "
          f"(logged {est_r['memory.graph.full']}), partial {hb(gpart)} (logged {est_r['memory.graph.partial']})")
    lo, hi = free_range(free_printed)
    seen = {}
    for f in range(lo, hi, 4 * MiB):
        e = estimate([f] * n_gpus, blk, kv_layers, out, gpart, gfull, n_gpus=n_gpus)
        key = e['layers']
        if key not in seen:
            seen[key] = (f, e)
    for k, (f, e) in sorted(seen.items()):
        w_total = e['weights']
        print(f"  free >= {f / GiB:.3f} GiB -> layers.offload {k} (logged {est_r.get('layers.offload', d['settings'].get('n_gpu_layers'))}), "
              f"required.full {hb(e['full'])} (logged {est_r['memory.required.full']}), partial {hb(e['partial'])} "
              f"(logged {est_r['memory.required.partial']})")
    print(f"  weights.total {hb(w_total)} (logged {est_r['memory.weights.total']}) = sum(blk)+kv in this version; "
          f"repeating {hb(w_total - out)} (logged {est_r['memory.weights.repeating']}); nonrepeating {hb(out)} "
          f"(logged {est_r['memory.weights.nonrepeating']})")
    file_b = sum(b for _, _, b in G.tensor_list(m, ftype, imatrix=imatrix))
    print(f"  tensor bytes {file_b / GiB:.2f} GiB (token_embd {embd / MiB:.2f} MiB stays on CPU)")

def main():
    cases_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/runlogs/cases.jsonl')
    cases = {json.loads(l)['id']: json.loads(l) for l in open(cases_path)}
    # ollama-001: llama3.1:8b Q4_0 (library file: pure q4_0 + q6_K output, no imatrix), T4 14.6 GiB free
    run_case('ollama-001', cases['ollama-001'], ggml_model('llama31-8b'), 'Q4_0', False,
             ctx=8192, batch=512, H=32, HKV=8, hd=128, V=128256, E=4096, free_printed=14.6)
    # ollama-006: mistral:latest = Mistral-7B-Instruct v0.3 Q4_0 (vocab 32768), 2.2 GiB free
    run_case('ollama-006', cases['ollama-006'], ggml_model('mistral-7b-v03'), 'Q4_0', False,
             ctx=2048, batch=512, H=32, HKV=8, hd=128, V=32768, E=4096, free_printed=2.2)
    # ollama-002: phi-4 Q4_K_M (assumed), 6.9 GiB free
    run_case('ollama-002', cases['ollama-002'], ggml_model('phi-4'), 'Q4_K_M', False,
             ctx=2048, batch=512, H=40, HKV=10, hd=128, V=100352, E=5120, free_printed=6.9)

    # ollama-004: gemma3:27b, ollama engine (2025-06 code): sliding-window KV per layer + graph formula
    d = cases['ollama-004']
    ctx, batch, npar, E, H, HKV, hd, V, L, swa = 8192, 512, 2, 5376, 32, 16, 128, 262144, 62, 1024
    kv = []
    for i in range(L):
        n = ctx if (i + 1) % 6 == 0 else npar * swa + batch
        kv.append(n * 2 * hd * HKV * 2)
    gp, gf = graph_gemma3(ctx, batch, E, H, hd, V)
    print(f"\nollama-004: gemma3:27b  kv {hb(sum(kv))} (logged {d['reported']['memory.required.kv']}); "
          f"graph full {hb(gf)} (logged {d['reported']['memory.graph.full']}), partial {hb(gp)} "
          f"(logged {d['reported']['memory.graph.partial']})")
    # required.full from the logged pieces: 457 MiB + (blk.0 + kv[0]) + sum(blk+kv) + output + projector + graph
    rep = 14.3 * GiB; nonrep = 1.1 * GiB; proj_w = 795.9 * MiB; proj_g = 1.0 * GiB
    full = MIN_MEM + (rep / L + kv[0]) + rep + sum(kv) + nonrep + proj_w + proj_g + gf
    print(f"  required.full from logged parts = {hb(int(full))} (logged {d['reported']['memory.required.full']}); "
          f"weights.total = repeating+nonrepeating = {hb(int(rep + nonrep))} (logged {d['reported']['memory.weights.total']})")

    # ollama-007: unknown 80-layer/8-KV-head model, 4 GPUs, ctx 64000, FA on (does not change the graph formula)
    d = cases['ollama-007']
    ctx, batch, E, H, HKV, hd = 64000, 512, 8192, 64, 8, 128
    kvt = ctx * 80 * 2 * hd * HKV * 2
    gp, gf = graph_llama(ctx, batch, E, H, HKV, hd, 128256)
    print(f"\nollama-007: kv {hb(kvt)} (logged {d['reported']['memory.required.kv']}); multi-GPU uses partial graph "
          f"{hb(gp)} (logged full/partial {d['reported']['memory.graph.full']}/{d['reported']['memory.graph.partial']})")
    per_layer = 87.3 * GiB / 80        # weights.total (blk + kv, 2024-12 code) / 80
    per_gpu_layers = 11
    alloc = MIN_MEM + per_layer + per_gpu_layers * per_layer + gp
    print(f"  per GPU: 457 MiB + buffer layer + 11 x {hb(int(per_layer))} + graph = {hb(int(alloc))} "
          f"(logged allocations {d['reported']['memory.required.allocations']}); 12 layers would need "
          f"{hb(int(alloc + per_layer))} > 22.0 GiB free")

if __name__ == '__main__':
    main()
