#!/usr/bin/env python3
"""Check vLLM v0.19 KV-cache accounting against the vllm-llmd-* logs (stdlib only).

Formulas (vLLM main @66e86f1dbd56, 2026-04-03, i.e. the v0.19 line; see vllm_v019.md):
  requested   = ceil(total_memory * gpu_memory_utilization)            (v1/worker/utils.py request_memory)
  non_kv      = weights + torch_peak_increase + non_torch_increase       (utils/mem_utils.py memory_profiling)
  available   = requested - non_kv   [- cudagraph_estimate only if VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1,
                                       default 0 in v0.19]                (v1/worker/gpu_worker.py)
  page        = 2 * block_size * kv_heads_per_rank * head_size * dtype_bytes   (AttentionSpec)
  kv_heads_per_rank = max(1, num_kv_heads // tp)                         (config/model.py get_num_kv_heads)
  num_blocks  = available // page // group_size     group_size = layers per KV-cache group (all layers for
                                                     a uniform model)     (v1/core/kv_cache_utils.py get_num_blocks)
  tokens      = num_blocks // n_groups * block_size                      (_report_kv_cache_config)
  concurrency = num_blocks / cdiv(group_size * cdiv(max_model_len, bs) * page, page * group_size)
Also included: older-version cases (V0 / early V1) that print block counts, same page arithmetic.
"""
import json, math, os, sys

GiB = 1 << 30

def cfg(refdir, name):
    return json.load(open(os.path.join(refdir, 'configs', name)))

def arch(c):
    L = c['num_hidden_layers']; H = c['num_attention_heads']; KV = c.get('num_key_value_heads', H)
    hd = c.get('head_dim') or c['hidden_size'] // H
    return L, KV, hd

def check(case_id, L, KV, hd, dtype_bytes, avail_gib_printed, tp=1, block=16, max_len=None,
          logged_tokens=None, logged_blocks=None):
    kvh = max(1, KV // tp)
    page = 2 * block * kvh * hd * dtype_bytes           # bytes per block per layer
    per_block = page * L                                 # one group holding all L layers
    avail = avail_gib_printed * GiB
    nb = int(avail // page // L)
    # range of block counts consistent with the 2-decimal rounding of the printed GiB
    lo = int(((avail_gib_printed - 0.005) * GiB) // per_block)
    hi = int(((avail_gib_printed + 0.005) * GiB) // per_block)
    toks = nb * block
    out = dict(id=case_id, bytes_per_token=per_block // block, pred_blocks=nb, pred_tokens=toks,
               block_range=(lo, hi))
    if logged_tokens is not None:
        out['logged_tokens'] = logged_tokens
        out['err_pct'] = (toks - logged_tokens) / logged_tokens * 100
        out['within_rounding'] = lo * block <= logged_tokens <= hi * block
        lb = logged_tokens // block
    else:
        out['logged_blocks'] = logged_blocks
        out['err_pct'] = (nb - logged_blocks) / logged_blocks * 100
        out['within_rounding'] = lo <= logged_blocks <= hi
        lb = logged_blocks
    if max_len:
        per_req = math.ceil(max_len / block)
        out['pred_concurrency'] = lb / per_req
    return out

def main():
    cases_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/refdata/runlogs/cases.jsonl')
    refdir = os.path.dirname(os.path.dirname(os.path.abspath(cases_path)))
    cases = {json.loads(l)['id']: json.loads(l) for l in open(cases_path)}
    arches = {
        'meta-llama/Llama-3.1-8B-Instruct': arch(cfg(refdir, 'meta-llama__Llama-3.1-8B.json')),
        'Qwen/Qwen2.5-7B-Instruct': arch(cfg(refdir, 'Qwen__Qwen2.5-7B.json')),
    }
    g = lambda s: float(str(s).replace('GiB', '').replace('GB', '').strip())
    print("== vllm-llmd-* (v0.19.0, H100 80GB)")
    print(f"{'case':14s} {'req':>6s} {'nonKV':>6s} {'availL':>7s} {'availC':>7s} {'B/tok':>7s} "
          f"{'logged tok':>11s} {'pred tok':>10s} {'err%':>7s} {'round-ok':>8s} {'conc L/C':>14s}")
    for cid in sorted(c for c in cases if c.startswith('vllm-llmd-')):
        d = cases[cid]; s = d['settings']; r = d['reported']
        L, KV, hd = arches[d['model']]
        tp = s['tensor_parallel_size']
        dt = 1 if s['kv_cache_dtype'].startswith('fp8') else 2
        total = 79.19  # printed total_memory GiB
        req = math.ceil(total * GiB * s['gpu_memory_utilization']) / GiB
        nonkv = g(r['weights_memory']) + g(r['torch_peak_memory_increase']) + g(r['non_torch_forward_increase'])
        avail_chain = req - nonkv
        res = check(cid, L, KV, hd, dt, g(r['available_kv_cache_memory']), tp=tp,
                    max_len=s['max_model_len'], logged_tokens=r['gpu_kv_cache_size_tokens'])
        conc_logged = float(r['max_concurrency'].split(':')[1].strip().rstrip('x'))
        print(f"{cid:14s} {req:6.2f} {nonkv:6.2f} {g(r['available_kv_cache_memory']):7.2f} {avail_chain:7.2f} "
              f"{res['bytes_per_token']:7d} {res['logged_tokens']:11,d} {res['pred_tokens']:10,d} "
              f"{res['err_pct']:+7.3f} {str(res['within_rounding']):>8s} "
              f"{conc_logged:6.2f}/{res['pred_concurrency']:6.2f}")
        # chain-only prediction (no logged KV GiB used), shows the 0.01-GiB rounding of inputs
        nb_chain = int(avail_chain * GiB // (2 * 16 * max(1, KV // tp) * hd * dt) // L)
        print(f"{'':14s} chain-only prediction: {nb_chain * 16:,} tokens "
              f"({(nb_chain * 16 - res['logged_tokens']) / res['logged_tokens'] * 100:+.2f}%)")
    # sampler-dominated torch peak (empirical, see vllm_v019.md)
    print("\n== torch peak increase vs max_num_seqs x vocab (profile run samples 1024 dummy requests)")
    for cid, V in (('vllm-llmd-01', 128256), ('vllm-llmd-10', 152064)):
        pk = g(cases[cid]['reported']['torch_peak_memory_increase']) * GiB
        print(f"{cid}: {pk / (1024 * V):.2f} bytes per (request x vocab entry)")

    print("\n== older vLLM cases that print block counts (V0 / early V1; same page arithmetic)")
    old = [
        ('vllm-005', (32, 8, 128), 2, 'kv_cache_size', 'gpu_blocks'),
        ('vllm-006', (32, 8, 128), 2, 'kv_cache_size', 'gpu_blocks'),
        ('vllm-007', (24, 2, 64), 2, 'kv_cache', 'cuda_blocks'),
        ('vllm-008', (40, 10, 128), 2, 'kv_cache', 'cuda_blocks'),
        ('vllm-009', (40, 10, 128), 2, 'kv_cache', 'gpu_blocks'),
        ('vllm-010', (28, 2, 128), 2, 'kv_cache', 'cuda_blocks'),
    ]
    for cid, (L, KV, hd), dt, kk, bk in old:
        r = cases[cid]['reported']
        res = check(cid, L, KV, hd, dt, g(r[kk]), logged_blocks=r[bk])
        print(f"{cid}: KV {g(r[kk]):.2f} GiB, {res['bytes_per_token']} B/token -> pred {res['pred_blocks']} blocks,"
              f" logged {r[bk]} ({res['err_pct']:+.3f}%), within rounding of printed GiB: {res['within_rounding']}")
    d = cases['vllm-003']
    print(f"vllm-003: logged {d['reported']['gpu_kv_cache_size_tokens']:,} tokens x 131072 B = "
          f"{d['reported']['gpu_kv_cache_size_tokens'] * 131072 / GiB:.2f} GiB KV; concurrency "
          f"{d['reported']['gpu_kv_cache_size_tokens'] / 32768:.2f}x (logged 4.84x)")

if __name__ == '__main__':
    main()
