#!/usr/bin/python3
"""Run the accuracy matrix: every case in a fresh process (harness.py --case),
results to bench/accuracy/measured.json (one object per case) and the live set
at each peak to bench/accuracy/measured_breakdown.json.

  /usr/bin/python3 bench/accuracy/run_matrix.py            # all cases
  /usr/bin/python3 bench/accuracy/run_matrix.py --only T03 # a subset (ids, comma-separated; not written)
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"
HARNESS_REL = "bench/accuracy/harness.py"


def llama(h, L, heads, kv, V, inter=None, tie=False, bias=False, head_dim=None, model_type="llama"):
    """A Hugging Face-style config.json for the Llama family."""
    c = {
        "model_type": model_type,
        "architectures": [{"llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM",
                           "qwen2": "Qwen2ForCausalLM"}[model_type]],
        "vocab_size": V,
        "hidden_size": h,
        "intermediate_size": inter or 16 * round(h * 8 / 3 / 16),
        "num_hidden_layers": L,
        "num_attention_heads": heads,
        "num_key_value_heads": kv,
        "head_dim": head_dim or h // heads,
        "hidden_act": "silu",
        "max_position_embeddings": 4096,
        "rms_norm_eps": 1e-6,
        "rope_theta": 10000.0,
        "tie_word_embeddings": tie,
    }
    if model_type == "qwen2":  # Qwen2 always has q/k/v bias and no attention_bias key
        c["sliding_window"] = 4096
        c["use_sliding_window"] = False
    else:
        c["attention_bias"] = bias
    if model_type == "mistral":
        c["sliding_window"] = 4096
    if model_type == "llama":
        c["mlp_bias"] = False
    return c


def gpt2(h, L, heads, V, n_positions=1024):
    return {
        "model_type": "gpt2",
        "architectures": ["GPT2LMHeadModel"],
        "vocab_size": V,
        "n_embd": h,
        "n_layer": L,
        "n_head": heads,
        "n_positions": n_positions,
        "n_inner": None,
        "activation_function": "gelu_new",
        "resid_pdrop": 0.1,
        "embd_pdrop": 0.1,
        "attn_pdrop": 0.1,
        "layer_norm_epsilon": 1e-5,
        "tie_word_embeddings": True,
    }


def inf(cid, cfg, b, s, precision="bf16", **kw):
    return dict(id=cid, config=cfg, mode="inference", batch=b, seq=s, precision=precision, optimizer=None,
                checkpointing="none", use_cache=True, **kw)


def train(cid, cfg, b, s, precision="bf16", optimizer="adamw", checkpointing="none", **kw):
    d = dict(id=cid, config=cfg, mode="training", batch=b, seq=s, precision=precision, optimizer=optimizer,
             checkpointing=checkpointing, use_cache=False, foreach=False)
    d.update(kw)
    return d


CASES = [
    # ---- inference: one prefill forward, KV cache kept, logits of every position ----
    inf("I01", llama(256, 2, 8, 8, 8000), 1, 128),
    inf("I02", llama(512, 4, 8, 2, 32000), 2, 256),                       # GQA 4:1, untied
    inf("I03", llama(512, 2, 8, 1, 16000, tie=True), 4, 128),             # MQA, tied
    inf("I04", llama(256, 2, 4, 4, 8000, head_dim=128), 2, 256),          # head_dim override (q dim 512 > h)
    inf("I05", llama(384, 3, 6, 2, 20000, tie=True, model_type="qwen2"), 2, 192),  # qkv bias
    inf("I06", llama(512, 2, 8, 2, 32000, model_type="mistral"), 1, 512),
    inf("I07", llama(256, 2, 8, 8, 8000), 2, 128, precision="fp32"),
    inf("I08", llama(512, 2, 8, 2, 16000), 1, 256, precision="fp32"),
    inf("I09", llama(256, 2, 4, 4, 2000), 2, 512),                        # attention-dominated
    inf("I10", llama(1024, 2, 16, 16, 1000), 4, 512),                     # attention-dominated, big
    inf("I11", llama(1024, 2, 16, 4, 1000, inter=8192), 8, 64),           # MLP-dominated
    inf("I12", gpt2(256, 2, 4, 8000), 2, 128),
    inf("I13", gpt2(384, 3, 6, 10000), 1, 256, precision="fp32"),
    inf("I14", gpt2(256, 2, 8, 1000), 4, 512),                            # GPT-2 attention-dominated
    inf("I15", llama(768, 3, 12, 4, 32000, tie=True), 8, 64),
    inf("I16", llama(256, 2, 4, 1, 4000, model_type="qwen2"), 2, 128, precision="fp32"),  # MQA + bias, fp32
    inf("I17", llama(128, 6, 2, 1, 1000), 1, 16),                         # tiny
    inf("I18", llama(1024, 2, 16, 4, 32000, inter=2816), 2, 512),
    inf("I19", gpt2(768, 2, 12, 1000), 8, 64),                            # GPT-2 MLP-heavy
    inf("I20", llama(256, 2, 8, 2, 8000, head_dim=64), 2, 256),           # head_dim override + GQA
    inf("I21", llama(512, 2, 8, 2, 8000, bias=True), 2, 128),             # attention_bias on llama
    inf("I22", llama(256, 2, 8, 1, 2000), 1, 512),                        # MQA, batch 1, attention-dominated
    inf("I23", llama(512, 6, 8, 8, 4000), 1, 64, precision="fp32"),       # 6 layers
    # ---- training: steady-state step 2 ----
    train("T01", llama(256, 2, 8, 2, 8000), 2, 128),
    train("T02", llama(512, 2, 8, 8, 16000), 2, 256),
    train("T03", llama(256, 2, 4, 4, 8000), 2, 128, precision="fp32"),
    train("T04", llama(256, 2, 4, 2, 8000), 2, 128, precision="amp"),
    train("T05", llama(384, 3, 6, 2, 12000), 4, 128, optimizer="sgd"),
    train("T06", llama(512, 4, 8, 2, 16000), 2, 256, checkpointing="full"),
    train("T07", llama(256, 3, 4, 4, 4000), 2, 128, precision="fp32", optimizer="sgd", checkpointing="full"),
    train("T08", llama(384, 3, 6, 6, 8000), 2, 128, precision="amp", checkpointing="full"),
    train("T09", llama(256, 2, 4, 2, 10000, tie=True, model_type="qwen2"), 2, 128),
    train("T10", llama(256, 2, 8, 2, 32000, model_type="mistral"), 1, 256),
    train("T11", llama(256, 2, 4, 2, 8000, head_dim=128), 2, 128),
    train("T12", llama(512, 3, 8, 1, 4000), 4, 256),                      # MQA, attention-heavy
    train("T13", llama(256, 2, 8, 8, 1000), 4, 512),                      # attention-dominated
    train("T14", llama(256, 2, 8, 8, 1000), 4, 512, checkpointing="full"),
    train("T15", gpt2(256, 2, 4, 8000), 2, 128),                          # dropout 0.1
    train("T16", gpt2(256, 2, 4, 4000), 2, 128, precision="fp32"),
    train("T17", gpt2(256, 2, 4, 8000), 2, 128, precision="amp"),
    train("T18", gpt2(384, 3, 6, 8000), 2, 256, optimizer="sgd", checkpointing="full"),
    train("T19", gpt2(256, 2, 4, 4000), 4, 128, precision="amp", checkpointing="full"),
    train("T20", llama(512, 2, 8, 2, 32000), 4, 256),                     # logits-dominated
    train("T21", llama(384, 2, 6, 2, 6000), 2, 128, precision="fp32"),
    train("T22", llama(512, 2, 8, 2, 8000), 2, 128, precision="amp", optimizer="sgd"),
    train("T23", llama(256, 2, 8, 2, 8000), 2, 128, foreach=True),        # T01 with foreach AdamW
    train("T24", llama(256, 2, 8, 2, 8000), 2, 128, use_cache=True),      # T01 with config.use_cache=True
    train("T25", llama(1024, 2, 16, 4, 32000), 1, 16),                    # optimizer-step peak (AdamW)
    train("T26", llama(1024, 2, 16, 4, 32000), 1, 16, optimizer="sgd"),
    train("T27", llama(256, 2, 4, 2, 32000, tie=True), 2, 128, precision="amp"),
    train("T28", gpt2(256, 2, 8, 1000), 4, 512),                          # GPT-2 attention-dominated
    train("T29", llama(768, 6, 12, 4, 16000, bias=True), 1, 256, checkpointing="full"),
    train("T30", llama(256, 2, 4, 4, 8000), 8, 64, precision="fp32", optimizer="sgd"),
    train("T31", llama(256, 2, 8, 2, 1000), 4, 512, precision="amp"),        # amp, attention-dominated
    train("T32", gpt2(256, 2, 8, 1000), 4, 512, checkpointing="full"),       # GPT-2 ckpt, attention-dominated
    train("T33", llama(256, 2, 4, 4, 8000), 2, 128, use_cache=True),         # MHA with config.use_cache=True
    train("T34", llama(256, 2, 4, 1, 4000), 1, 256, precision="fp32"),       # MQA, batch 1
    train("T35", llama(512, 4, 8, 2, 16000, tie=True), 2, 256, precision="amp", checkpointing="full"),
]


def case_command(case):
    return "%s %s --case %s" % (PY, HARNESS_REL, shlex.quote(json.dumps(case, separators=(",", ":"))))


def torch_package_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return None


def run_one(case):
    proc = subprocess.run([PY, os.path.join(HERE, "harness.py"), "--case", json.dumps(case)], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("case %s failed:\n%s" % (case["id"], proc.stderr[-3000:]))
    res = json.loads(proc.stdout)
    res["unknown_size_free_warning"] = "unknown size" in proc.stderr
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="comma-separated case ids (results printed, files not written)")
    args = ap.parse_args()
    cases = CASES
    if args.only:
        want = set(args.only.split(","))
        cases = [c for c in CASES if c["id"] in want]
    t0 = time.time()
    sc = subprocess.run([PY, os.path.join(HERE, "harness.py"), "--self-check"], cwd=REPO, capture_output=True,
                        text=True)
    self_check = json.loads(sc.stdout)
    if sc.returncode != 0:
        print(json.dumps(self_check, indent=1))
        sys.exit("self-check failed")
    pkg = torch_package_version()
    out, breakdown = [], {}
    for case in cases:
        res = run_one(case)
        cfg = case["config"]
        rec = {
            "id": case["id"],
            "config": cfg,
            "mode": case["mode"],
            "batch": case["batch"],
            "seq": case["seq"],
            "precision": case["precision"],
            "optimizer": case["optimizer"],
            "checkpointing": case["checkpointing"],
            "attention": "eager",
            "dtype": "float32" if case["precision"] in ("fp32", "amp") else "bfloat16",
            "compute_dtype": "bfloat16" if case["precision"] in ("bf16", "amp") else "float32",
            "use_cache": case["use_cache"],
            "foreach": case.get("foreach"),
            "measured": res["measured"],
            "peak_at": res["peak_at"],
            "checks": dict(res["checks"], unknown_size_free_warning=res["unknown_size_free_warning"]),
            "seconds": res["seconds"],
            "torch_version": res["torch_version"],
            "torch_package": pkg,
            "num_threads": res["num_threads"],
            "command": case_command(case),
        }
        ok = rec["checks"]["end_delta_ok"] and rec["checks"]["allocator_peak_ok"] and \
            not rec["checks"]["unknown_size_free_warning"]
        m = rec["measured"]
        print("%-4s %-9s %-5s %-5s %-6s peak %12d  transient %12d  %6.1fs %s  %s" % (
            rec["id"], rec["mode"], rec["precision"], rec["optimizer"] or "-", rec["checkpointing"],
            m["peak_bytes"], m["transient_bytes"], rec["seconds"], "ok" if ok else "CHECK-FAILED",
            rec["measured"]["peak_phase"]), flush=True)
        out.append(rec)
        breakdown[case["id"]] = {"peak_at": res["peak_at"], "peak_live": res["peak_live"]}
    elapsed = time.time() - t0
    print("%d cases in %.1f s" % (len(out), elapsed))
    if args.only:
        return
    with open(os.path.join(HERE, "measured.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "measured_breakdown.json"), "w") as f:
        json.dump(breakdown, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "self_check.json"), "w") as f:
        json.dump({"results": self_check, "command": "%s %s --self-check" % (PY, HARNESS_REL)}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
