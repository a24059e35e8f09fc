// vLLM v0.19's profile run on one GPU (runtime_vllm.h): the batch it profiles,
// the torch peak that run leaves, the non-torch memory measured around it and the
// CUDA graph estimate. Where vLLM measures instead of computing, the figure is
// read from the v0.19.0 logs of ../shared/refdata/runlogs/cases.jsonl and says so.
#include <algorithm>

#include "gpus.h"
#include "runtime_vllm.h"

namespace vramcalc::detail::vllm {

namespace {

constexpr uint64_t GiB = 1ull << 30;
constexpr uint64_t MiB = 1ull << 20;

}  // namespace

Batch batch_of(const Workload& w, const Hardware& h) {
  // engine/arg_utils.py get_batch_defaults @66e86f1d: the split is on the memory
  // CUDA reports (an H100 80GB shows 79.19 GiB) and on the device name.
  const bool big = h.gpu_memory_bytes >= 70 * GiB && h.gpu_id.find("a100") == std::string::npos;
  Batch b;
  b.tokens = w.max_num_batched_tokens ? w.max_num_batched_tokens : (big ? 8192 : 2048);
  b.seqs = w.max_num_seqs ? w.max_num_seqs : (big ? 1024 : 256);
  b.why = (w.max_num_batched_tokens && w.max_num_seqs)
              ? "as set"
              : std::string("vLLM v0.19 serve default for ") +
                    (big ? "GPUs of >= 70 GiB other than A100" : "GPUs below 70 GiB or A100");
  return b;
}

Device device_of(const Hardware& h) {
  // torch 2.10 (vLLM v0.19's pin) parseChosenWorkspaceSize: cuBLAS gets 32 MiB on
  // compute capability 9.0 and ":4096:2:16:8" = 8,519,680 B elsewhere (32 MiB on
  // Blackwell came later, pytorch#175344); hipBLAS 128 MiB on gfx942/gfx950, else
  // 32 MiB. A GPU not in the catalog is taken as an H100 (132 SMs, sm_90).
  const GpuInfo* g = h.gpu_id.empty() ? nullptr : find_gpu(h.gpu_id);
  Device d;
  const std::string arch = g && g->compute_units ? g->arch : "sm_90";
  d.compute_units = g && g->compute_units ? g->compute_units : 132;
  d.named = g && g->compute_units;
  d.arch = arch;
  if (arch.rfind("gfx", 0) == 0) {
    d.blas_workspace = (arch == "gfx942" || arch == "gfx950") ? 128 * MiB : 32 * MiB;
  } else {
    d.blas_workspace = arch == "sm_90" ? 32 * MiB : 4096 * 1024 * 2 + 16 * 1024 * 8;
  }
  d.text = std::to_string(d.compute_units) + (arch.rfind("gfx", 0) == 0 ? " CUs, " : " SMs, ") +
           arch + (d.named ? "" : " (an H100 assumed: no catalog GPU)");
  return d;
}

Peak profile_peak(const ModelSpec& m, const Batch& b, uint64_t tp, bool last_stage, DType act,
                  const Device& dev) {
  // profile_run (gpu_model_runner.py): _dummy_run(max_num_batched_tokens) and, on
  // the last stage, _dummy_sampler_run on the last token of each request. The torch
  // peak increase is the caching allocator's allocated-bytes peak over that run.
  // The first matmul allocates cuBLAS's workspace there, and it stays.
  const uint64_t ws = dev.blas_workspace;
  // The forward, a layer at a time: its widest moment is the residual + normed
  // input (2h) beside the larger of attention's Q, K, V, output and the MLP's
  // gate/up and activated outputs, split over the tensor-parallel ranks.
  const uint64_t f = mlp_width_per_token(m);
  const uint64_t attn = cdiv(2 * q_dim(m) + 2 * kv_dim(m), tp);
  const uint64_t mlp = cdiv((m.gated_mlp ? 3 : 2) * f, tp);
  Term fwd = Term()
                 .times(b.tokens, "profile tokens")
                 .times(2 * m.hidden_size + std::max(attn, mlp), "values/token")
                 .in(act);
  const uint64_t fwd_bytes = fwd.value() + ws;
  // The sampler warm-up: num_reqs = min(max_num_seqs, tokens) rows of logits over
  // the whole vocabulary (gathered on every rank), sampled at temperature 0.5,
  // top-p 0.9, top-k vocab-1 (sample/sampler.py, ops/topk_topp_sampler.py).
  // Alive at its peak, per row and vocabulary entry: the model-dtype logits, their
  // FP32 copy (scaled in place), softmax's FP32 probabilities and random_sample's
  // FP32 exponential noise; from 8 rows the Triton top-k/top-p kernel masks in
  // place with a cached FP32 scratch of min(next_pow2(rows), compute units) rows
  // (topk_topp_triton.py); below 8 the PyTorch sort path holds the sorted FP32
  // values, their int64 indices, FP32 probabilities and two bool masks at once.
  // Still held: the forward's output (tokens x hidden), its last-token rows and
  // the random hidden states the sampler is fed (2 x rows x hidden).
  const uint64_t rows = std::min(b.seqs, b.tokens);
  const uint64_t logit = bytes_for(act, 1);
  const bool triton = rows >= 8;
  const uint64_t per_entry = triton ? logit + 4 + 4 + 4 : logit + 4 + 4 + 8 + 1 + 4 + 1;
  uint64_t scratch_rows = 0;
  if (triton) {
    uint64_t programs = std::min<uint64_t>(dev.compute_units, rows), pow2 = 1;
    while (pow2 < programs) pow2 *= 2;
    scratch_rows = std::min<uint64_t>(pow2, dev.compute_units);
  }
  Term logits = Term().times(rows, "requests").times(m.vocab_size, "vocab").times(per_entry, "B");
  Term scratch =
      Term().times(scratch_rows, "scratch rows").times(m.vocab_size, "vocab").times(4, "B");
  Term held =
      Term().times(b.tokens + 2 * rows, "hidden rows").times(m.hidden_size, "hidden").in(act);
  const uint64_t sampler_bytes = logits.value() + scratch.value() + held.value() + ws;
  const std::string ws_text = " + " + group_digits(ws) + " B cuBLAS workspace (" + dev.text + ")";
  Peak p;
  if (last_stage && sampler_bytes > fwd_bytes) {
    p.bytes = sampler_bytes;
    p.formula =
        logits.text() + (triton ? " + " + scratch.text() : "") + " + " + held.text() + ws_text;
    p.assumption = "vLLM v0.19 profile run: the sampler warm-up of " + group_digits(rows) +
                   " requests is the torch peak (the forward of " + group_digits(b.tokens) +
                   " tokens: " + group_digits(fwd_bytes) +
                   " B); caching-allocator rounding not counted";
  } else {
    p.bytes = fwd_bytes;
    p.formula = fwd.text() + ws_text;
    p.assumption = "vLLM v0.19 profile run: the forward of " + group_digits(b.tokens) +
                   " tokens is the torch peak" +
                   (last_stage ? " (sampler warm-up: " + group_digits(sampler_bytes) + " B)"
                               : " (the sampler runs on the last pipeline stage)");
  }
  return p;
}

NonTorch non_torch_increase(uint64_t tp, uint64_t pp) {
  // "non-torch forward increase" of the v0.19.0 logs (H100 80GB), per GPU:
  //   TP 1, PP 1: 0.25 GiB (llmd-01, -06, -08; 0.24 in llmd-10): cuBLAS workspaces
  //   TP >= 2:    2.07 GiB (llmd-02, TP 2): NCCL and custom all-reduce buffers,
  //               allocated lazily after the init snapshot (larger TP assumed alike)
  //   PP >= 2:    0.07 GiB (runlogs README, llm-d PP logs)
  if (tp >= 2) return {GiB * 207 / 100, "vLLM v0.19.0 log llmd-02 (TP 2)"};
  if (pp >= 2) return {GiB * 7 / 100, "vLLM v0.19.0 llm-d logs, PP >= 2 (runlogs README)"};
  return {GiB / 4, "vLLM v0.19.0 logs llmd-01/-06/-08 (TP 1)"};
}

uint64_t cuda_graph_estimate(const ModelSpec& m, uint64_t tp) {
  // profile_cudagraph_memory captures two graphs per mode and extrapolates to the
  // 51 capture sizes; its printed result in the v0.19.0 logs is 0.84 GiB
  // (Llama-3.1-8B: 32 layers x 4,096), 0.61 GiB (Qwen2.5-7B: 28 x 3,584), 1.69 GiB
  // at TP 2: about 6,700 B per layer and hidden unit, doubled by the all-reduce
  // graphs at TP >= 2. A fit to those three logs, not a derivation.
  return m.num_layers * m.hidden_size * 6700 * (tp >= 2 ? 2 : 1);
}

}  // namespace vramcalc::detail::vllm
