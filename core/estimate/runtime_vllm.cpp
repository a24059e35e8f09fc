// --runtime vllm: vLLM v0.19's memory plan, per GPU (vllm/v1/worker/gpu_worker.py,
// v1/worker/utils.py, utils/mem_utils.py @66e86f1d; docs/research/runtimes/
// vllm_v019.md). Each worker requests ceil(gpu_memory_utilization x the memory CUDA
// reports), loads its share of the weights, profiles one batch (runtime_vllm.h)
// and gives the rest to KV blocks: available = requested - (weights + torch peak
// increase + non-torch increase). The CUDA graph pool is captured afterwards out
// of the remaining headroom (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS defaults to
// 0 until v0.21), so it is reported, not subtracted. Every pipeline stage and
// tensor-parallel rank sizes its own blocks; the engine takes the fewest.
#include "runtime_vllm.h"

#include <algorithm>

namespace vramcalc::detail {

namespace {

constexpr double kGiB = 1073741824.0;

std::string gib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(bytes) / kGiB);
  return buf;
}

// The rotary cos/sin table vLLM builds once (get_rope caches it), in the model
// dtype: max_position_embeddings x rotary dim. It is part of "Model loading took":
// Llama-3.1-8B 16,060,522,496 B of parameters + 131,072 x 128 x 2 B = 14.9888 GiB,
// as vLLM prints (vllm-005, llmd-01).
uint64_t rope_cache_bytes(const ModelSpec& m, DType act) {
  if (m.learned_position_rows || m.max_position_embeddings == 0) return 0;
  const uint64_t dim = m.mla_attention ? m.mla.qk_rope_head_dim : m.head_dim;
  return bytes_for(act, m.max_position_embeddings * dim);
}

struct Stage {
  GpuShare share;
  vllm::Peak peak;
  vllm::KvPlan kv;
  vllm::KernelLayout layout;  // MXFP4 experts in the MoE kernel's layout
  uint64_t non_kv = 0;
  uint64_t blocks = 0;  // blocks this stage's memory holds
};

}  // namespace

std::optional<Error> estimate_vllm(const Context& c, Estimate& e) {
  const ModelSpec& m = c.model;
  if (c.hw.gpu_memory_bytes == 0) {
    return make_error(ErrorCode::kInvalidOption,
                      "option --runtime vllm needs the GPU's memory (--gpu or --gpu-memory-bytes)");
  }
  if (!c.arch_known) {
    return make_error(
        ErrorCode::kInvalidOption,
        "option --runtime vllm needs the architecture (a config.json, preset or GGUF)");
  }
  if (auto err = vllm::check_tensor_parallel(m, c.hw.tp)) return err;
  inference_weights(c, e);
  // Marlin repacks GPTQ weights and keeps g_idx only for act-order checkpoints
  // (vLLM gptq_marlin.py: marlin_make_empty_g_idx without desc_act).
  ComponentEstimate& loaded = e.components[static_cast<int>(Component::kWeights)];
  const CheckpointSummary& ck = m.checkpoint;
  if (ck.from_config && c.w.weights_from_checkpoint && ck.index_bytes && !m.quant.desc_act &&
      loaded.bytes > ck.index_bytes) {
    loaded.bytes -= ck.index_bytes;
    if (c.text())
      loaded.assumption += "; less " + group_digits(ck.index_bytes) +
                           " B of g_idx, which vLLM's Marlin kernels drop without desc_act";
  }
  const uint64_t tp = c.hw.tp, pp = c.hw.pp;
  const DType act = compute_dtype(c.w.weight_dtype);
  const DType kv = c.w.kv_dtype.value_or(act);
  const uint64_t total = c.hw.gpu_memory_bytes, util = c.w.gpu_memory_utilization_permille;
  const uint64_t requested = total / 1000 * util + (total % 1000 * util + 999) / 1000;  // ceil
  const vllm::Batch batch = vllm::batch_of(c.w, c.hw);
  const vllm::Device dev = vllm::device_of(c.hw);
  const vllm::NonTorch non_torch = c.w.overhead_bytes
                                       ? vllm::NonTorch{c.w.overhead_bytes, "given by the user"}
                                       : vllm::non_torch_increase(tp, pp);
  const uint64_t rope = rope_cache_bytes(m, act);
  const uint64_t weights = e.at(Component::kWeights).bytes;
  const std::vector<StageLayers> layers = pipeline_stages(m.num_layers, pp);
  const RankShare all = rank_share(m, {0, m.num_layers}, true, true, 1);
  const uint64_t replicas = c.hw.gpus / (tp * pp);
  // MTP drafting loads the next-n layers on the last stage, split like the rest:
  // their stored bytes (checkpoint) or their parameters at the model's bytes per
  // parameter (FP8 weights: about 1 B).
  const bool drafting = c.w.speculative_tokens > 0 && !m.mtp_layers.empty();
  const uint64_t draft_bytes =
      drafting
          ? (m.checkpoint.present ? m.checkpoint.mtp_bytes : scaled(weights, c.params.mtp, c.P)) /
                tp
          : 0;
  if (c.w.speculative_tokens > 0 && c.text()) {
    e.notes.push_back(drafting ? "vLLM MTP drafting: " + group_digits(draft_bytes) +
                                     " B of MTP layers and their KV on the last stage"
                               : "the model has no MTP layers: speculative-tokens is ignored");
  }

  std::vector<Stage> stages;
  size_t tight = 0;  // the stage with the fewest blocks: its texts describe the estimate
  for (size_t k = 0; k < pp; ++k) {
    Stage s;
    const bool last = k + 1 == pp;
    const RankShare r = rank_share(m, layers[k], k == 0, last, tp);
    s.share.stage = k;
    s.share.first_layer = layers[k].first;
    s.share.last_layer = layers[k].last;
    s.share.gpus = tp * replicas;
    if (c.text()) {
      s.share.device = pp * tp * replicas == 1
                           ? "GPU 0"
                           : "stage " + std::to_string(k) + " (" + stage_device(k, tp) + ")";
    }
    auto& b = s.share.bytes;
    s.layout = vllm::mxfp4_kernel_layout(m, layers[k], tp, dev);
    b[static_cast<int>(Component::kWeights)] =
        weights_share(c, weights, r, all) + rope + (last ? draft_bytes : 0) + s.layout.bytes;
    s.peak = vllm::profile_peak(m, batch, tp, last, act, dev);
    b[static_cast<int>(Component::kActivations)] = s.peak.bytes;
    b[static_cast<int>(Component::kOverhead)] = non_torch.bytes;
    bool overflow = false;
    s.non_kv = checked_add(checked_add(b[0], s.peak.bytes, overflow), non_torch.bytes, overflow);
    s.kv = vllm::kv_plan(m, layers[k], tp, kv, act, c.w, batch,
                         last && drafting ? &m.mtp_layers : nullptr);
    const uint64_t per_block = s.kv.page_bytes * s.kv.group_size;
    s.blocks = (s.non_kv < requested && per_block) ? (requested - s.non_kv) / per_block : 0;
    if (s.blocks < (stages.empty() ? UINT64_MAX : stages[tight].blocks)) tight = stages.size();
    stages.push_back(s);
  }
  const Stage& t = stages[tight];
  const uint64_t blocks = t.blocks;
  RuntimeDetails& rd = e.runtime;
  rd.budget_bytes = requested;
  rd.kv_blocks = blocks;
  rd.kv_tokens = t.kv.groups ? blocks / t.kv.groups * t.kv.block_tokens : 0;
  uint64_t per_request = 0;
  for (const Stage& s : stages) per_request = std::max(per_request, s.kv.blocks_per_request);
  rd.max_concurrency =
      per_request ? static_cast<double>(blocks) / static_cast<double>(per_request) : 0;
  rd.max_concurrent_seqs = per_request ? blocks / per_request : 0;
  rd.cuda_graph_bytes = vllm::cuda_graph_estimate(m, tp);
  for (Stage& s : stages) {
    s.share.bytes[static_cast<int>(Component::kKVCache)] =
        blocks * s.kv.page_bytes * s.kv.group_size;
    e.gpu_shares.push_back(s.share);
  }
  rd.refused = t.non_kv >= requested || blocks < per_request || rd.max_concurrent_seqs < c.w.batch;
  if (!c.text()) {
    set(e, Component::kActivations, c.term().times(t.peak.bytes, "B"), "");
    set(e, Component::kOverhead, c.term().times(non_torch.bytes, "B"), "");
    set(e, Component::kKVCache,
        c.term().times(blocks, "").times(t.kv.group_size, "").times(t.kv.page_bytes, ""), "");
    return std::nullopt;
  }

  // The components' texts: the stage that decides the block count.
  const std::string where = pp * tp > 1 ? " on one GPU of " + t.share.device : "";
  ComponentEstimate& w = e.components[static_cast<int>(Component::kWeights)];
  w.formula =
      (where.empty() ? w.formula : "(" + w.formula + ")" + where) +
      (rope ? " + " + group_digits(rope) + " B rotary cos/sin cache" : "") +
      (drafting ? " + " + group_digits(draft_bytes) + " B MTP layers" : "") +
      (t.layout.bytes ? " + " + group_digits(t.layout.bytes) + " B MXFP4 kernel layout" : "");
  w.assumption += std::string(where.empty() ? "" : "; this GPU's tensor/pipeline-parallel share") +
                  "; vLLM's rotary cache (max_position x rotary dim) counts in its model loading" +
                  (t.layout.text.empty() ? "" : "; " + t.layout.text);
  set(e, Component::kActivations, c.term().times(t.peak.bytes, "B"), t.peak.assumption);
  e.components[static_cast<int>(Component::kActivations)].formula = t.peak.formula;
  set(e, Component::kOverhead, c.term().times(non_torch.bytes, "B"),
      std::string("vLLM v0.19 non-torch increase (CUDA/NCCL buffers after the init snapshot): ") +
          non_torch.source);
  e.components[static_cast<int>(Component::kLogits)].assumption =
      "part of the profiled peak (sampler warm-up) above";
  e.components[static_cast<int>(Component::kState)].assumption =
      "recurrent state pages live in vLLM's KV pool (KV cache)";
  set(e, Component::kKVCache,
      c.term()
          .times(blocks, "blocks")
          .times(t.kv.group_size, "layers per group")
          .times(t.kv.page_bytes, "B per page (" + group_digits(t.kv.block_tokens) + " tokens)"),
      "vLLM v0.19: requested " + gib(requested) + " (ceil(" + std::to_string(util) + "/1000 x " +
          gib(total) + ")) - non-KV " + gib(t.non_kv) + " in whole blocks; " + t.kv.text + ": " +
          group_digits(rd.kv_tokens) + " tokens, max concurrency " +
          std::to_string(rd.max_concurrency).substr(0, 8) + "x for " + group_digits(c.w.seq) +
          " tokens per request");
  e.notes.push_back("vLLM v0.19 profile batch: " + group_digits(batch.tokens) + " tokens, " +
                    group_digits(batch.seqs) + " sequences (" + batch.why + ")");
  const uint64_t headroom = total > requested ? total - requested : 0;
  e.notes.push_back("vLLM v0.19: CUDA graphs ~" + gib(rd.cuda_graph_bytes) +
                    " (its estimate, fitted to the v0.19.0 logs) come out of the " + gib(headroom) +
                    " left outside gpu_memory_utilization, as does the CUDA context (0.61 GiB on "
                    "an H100: 79.18 GiB "
                    "total, 78.57 GiB free at vLLM's start in the vllm-llmdb-* logs)");
  if (t.non_kv >= requested) {
    rd.failure = "weights + profile peak + non-torch memory (" + gib(t.non_kv) +
                 ") exceed the requested " + gib(requested);
  } else if (blocks < per_request) {
    rd.failure = "the KV cache holds " + group_digits(rd.kv_tokens) +
                 " tokens, less than one request of " + group_digits(c.w.seq) + " (max_model_len)";
  } else if (rd.max_concurrent_seqs < c.w.batch) {
    rd.failure = "the KV cache serves " + group_digits(rd.max_concurrent_seqs) + " sequences of " +
                 group_digits(c.w.seq) + " tokens at once, fewer than batch " +
                 group_digits(c.w.batch);
  }
  if (!rd.failure.empty()) e.notes.push_back("vLLM would not start: " + rd.failure);
  return std::nullopt;
}

}  // namespace vramcalc::detail
