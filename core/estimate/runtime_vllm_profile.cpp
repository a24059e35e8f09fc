// vLLM v0.19's profile run on one GPU (runtime_vllm.h): the batch it profiles,
// the torch peak that run leaves, the non-torch memory measured around it and the
// CUDA graph estimate. Where vLLM measures instead of computing, the figure is
// fitted to the v0.19.0 logs of ../shared/refdata/runlogs/cases.jsonl and says so.
#include <algorithm>

#include "runtime_vllm.h"

namespace vramcalc::detail::vllm {

namespace {

constexpr uint64_t GiB = 1ull << 30;

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

Peak profile_peak(const ModelSpec& m, const Batch& b, uint64_t tp, bool last_stage, DType act) {
  // _dummy_run(max_num_batched_tokens): one forward of `tokens` tokens, a layer at a
  // time; its widest moment is the residual + normed input (2h) beside the larger of
  // attention's Q, K, V, output and the MLP's gate/up and activated outputs, whose
  // heads and widths are split over the tensor-parallel ranks.
  const uint64_t f = mlp_width_per_token(m);
  const uint64_t attn = cdiv(2 * q_dim(m) + 2 * kv_dim(m), tp);
  const uint64_t mlp = cdiv((m.gated_mlp ? 3 : 2) * f, tp);
  Term fwd = Term()
                 .times(b.tokens, "profile tokens")
                 .times(2 * m.hidden_size + std::max(attn, mlp), "values/token")
                 .in(act);
  // _dummy_sampler_run: logits for min(max_num_seqs, tokens) requests, gathered to
  // the full vocabulary on every rank, sampled with top-k/top-p. The v0.19 logs show
  // 1.89 GiB (llmd-01, -02, -06, -08: Llama vocab 128,256, TP 1 and 2, FP8 weights
  // alike) and 2.21 GiB (llmd-10: Qwen vocab 152,064) for 1,024 requests: 14 B per
  // request and vocabulary entry (read as the model-dtype logits, their FP32 copy,
  // the temperature-scaled FP32 logits and the FP32 probabilities: 2 + 4 + 4 + 4)
  // plus 0.179 GiB, both fitted within the logs' 0.01 GiB print rounding; the
  // constant (retained hidden states, sampler workspace) is not traced op by op.
  const uint64_t seqs = std::min(b.seqs, b.tokens);
  Term sampler = Term().times(seqs, "requests").times(m.vocab_size, "vocab").times(14, "B");
  const uint64_t sampler_bytes = sampler.value() + GiB * 179 / 1000;
  Peak p;
  if (last_stage && sampler_bytes > fwd.value()) {
    p.bytes = sampler_bytes;
    p.formula = sampler.text() + " + 0.179 GiB";
    p.assumption = "vLLM v0.19 profile run: the sampler warm-up of " + group_digits(seqs) +
                   " requests is the torch peak (forward of " + group_digits(b.tokens) +
                   " tokens: " + group_digits(fwd.value()) + " B); fitted to the v0.19.0 logs";
  } else {
    p.bytes = fwd.value();
    p.formula = fwd.text();
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
