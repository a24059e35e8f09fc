// --runtime vllm: vLLM's memory planning. The engine may use
// gpu_memory_utilization x the card; it loads the weights, profiles one forward of
// max_num_batched_tokens tokens spread over max_num_seqs sequences plus sampling,
// and hands everything left to the KV cache in blocks of block_size tokens
// (vllm/worker: determine_num_available_blocks; "the rest of the memory reserved
// for KV Cache"). So the estimate is the whole budget; what varies is how many
// tokens and sequences the KV cache holds.
#include "cache_layers.h"
#include "estimate_parts.h"

namespace vramcalc::detail {

namespace {

// KV bytes one token takes over all layers (full-attention layout: vLLM's paged
// cache gives every attention layer the same blocks; MLA stores its latent).
Term kv_per_token(const ModelSpec& m, DType kv) {
  const KvGroups g = kv_groups(m, 1, false);
  Term t;
  if (g.count == 1) {
    t.times(g.group[0].layers, "layers").times(g.group[0].elements, "KV elements/token");
  } else {
    t.times(g.elements, "KV elements/token over " + g.text());
  }
  return t.in(kv);
}

}  // namespace

std::optional<Error> estimate_vllm(const Context& c, Estimate& e) {
  const ModelSpec& m = c.model;
  if (c.hw.gpu_memory_bytes == 0) {
    return make_error(ErrorCode::kInvalidOption,
                      "option --runtime vllm needs the GPU's memory (--gpu or --gpu-memory-bytes)");
  }
  if (!c.arch_known) {
    return make_error(ErrorCode::kInvalidOption,
                      "option --runtime vllm needs the architecture (a config.json, preset or GGUF)");
  }
  inference_weights(c, e);
  const DType act = compute_dtype(c.w.weight_dtype);
  const DType kv = c.w.kv_dtype.value_or(act);
  const uint64_t el = bytes_for(act, 1);
  const uint64_t budget = c.hw.gpu_memory_bytes / 1000 * c.w.gpu_memory_utilization_permille +
                          c.hw.gpu_memory_bytes % 1000 * c.w.gpu_memory_utilization_permille / 1000;

  // Profile run: tokens through the layers (flash attention: no score matrix) ...
  const uint64_t tokens =
      c.w.max_num_batched_tokens ? c.w.max_num_batched_tokens : std::max<uint64_t>(c.w.seq, 2048);
  const uint64_t f = mlp_width_per_token(m);
  const uint64_t width = 2 * m.hidden_size +
                         std::max(2 * q_dim(m) + 2 * kv_dim(m), (m.gated_mlp ? 3 : 2) * f);
  Term fwd = Term().times(tokens, "profile tokens").times(width, "values/token").in(act);
  // ... then sampling one token for each of up to max_num_seqs sequences: logits in
  // the model dtype, their FP32 copy, probabilities, log-probabilities, sorted
  // values and int64 indices for top-k/top-p, and the exponential noise.
  const uint64_t seqs = std::min(c.w.max_num_seqs, tokens);
  Term sampler = Term()
                     .times(seqs, "sequences")
                     .times(m.vocab_size, "vocab")
                     .bytes_of_bits(static_cast<int>(8 * (el + 28)), "logits + sampler buffers");
  const bool sampler_peak = sampler.value() > fwd.value();
  const Term& peak = sampler_peak ? sampler : fwd;
  set(e, Component::kActivations, peak,
      std::string("vLLM profile peak = max(forward of ") + group_digits(tokens) +
          " tokens: " + group_digits(fwd.value()) + " B, sampling " + group_digits(seqs) +
          " sequences: " + group_digits(sampler.value()) + " B)");
  e.components[static_cast<int>(Component::kLogits)].assumption =
      "part of the profiled peak (sampling) above";

  const uint64_t used = e.at(Component::kWeights).bytes + peak.value() + c.w.overhead_bytes;
  Term per_token = kv_per_token(m, kv);
  const uint64_t block_bytes = per_token.value() * c.w.block_size;
  RuntimeDetails& r = e.runtime;
  r.budget_bytes = budget;
  if (used >= budget || block_bytes == 0) {
    e.notes.push_back("vLLM would not start: weights + profile peak exceed " +
                      group_digits(budget) + " B (gpu_memory_utilization x GPU memory)");
    return std::nullopt;
  }
  r.kv_blocks = (budget - used) / block_bytes;
  r.kv_tokens = r.kv_blocks * c.w.block_size;
  const uint64_t blocks_per_seq = (c.w.seq + c.w.block_size - 1) / c.w.block_size;
  r.max_concurrent_seqs = r.kv_blocks / blocks_per_seq;
  set(e, Component::kKVCache,
      Term()
          .times(r.kv_blocks, "blocks")
          .times(c.w.block_size, "tokens")
          .times(per_token.value(), "B/token (" + per_token.text() + ")"),
      "the rest of " + group_digits(budget) + " B (gpu_memory_utilization " +
          std::to_string(c.w.gpu_memory_utilization_permille / 10) + "%) in whole blocks: " +
          group_digits(r.kv_tokens) + " tokens, " + group_digits(r.max_concurrent_seqs) +
          " sequences of " + group_digits(c.w.seq) + " tokens at once");
  return std::nullopt;
}

}  // namespace vramcalc::detail
