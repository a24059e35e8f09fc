// How a model splits over GPUs for inference: pipeline stages (which decoder
// layers each stage holds, vLLM's uneven rule), and what one tensor-parallel rank
// of a stage holds (parameters, KV elements per token, recurrent layers). The
// runtimes turn these into per-GPU bytes (Estimate::gpu_shares).
#pragma once

#include <cstdint>
#include <vector>

#include "model_spec.h"

namespace vramcalc {

// Decoder layers [first, last) of one pipeline stage.
struct StageLayers {
  uint64_t first = 0;
  uint64_t last = 0;
};

// vLLM's get_pp_indices (vllm/distributed/utils.py @66e86f1d): layers // pp per
// stage, the remainder one layer each to the stages -2, -3, ... (never the last,
// which also holds the head): 30 layers over 4 stages are [7, 8, 8, 7].
std::vector<StageLayers> pipeline_stages(uint64_t layers, uint64_t pp);

// What one tensor-parallel rank of a stage holds.
struct RankShare {
  uint64_t params = 0;            // parameters on the rank (replicated ones counted in full)
  uint64_t linear = 0;            // of which block linear weights (what quantization takes)
  uint64_t kv_elements = 0;       // KV elements one token adds on the rank (all its layers)
  uint64_t kv_heads = 0;          // KV heads per attention layer on the rank (widest layer)
  uint64_t recurrent_layers = 0;  // Mamba / Gated DeltaNet layers of the stage
};

// Tensor parallelism as vLLM shards a model (vllm/model_executor/layers/linear.py,
// vocab_parallel_embedding.py; config/model.py get_num_kv_heads @66e86f1d):
// Q heads, the MLP, experts and the recurrent mixers split by tp; K and V heads
// split while there are at least tp of them, else each rank keeps one
// (max(1, kv_heads / tp)); MLA's latent is replicated; norms are replicated; the
// vocabulary (embedding and LM head) splits by tp. The first stage holds the
// embeddings (and vision/audio towers), the last the final norm and the head.
RankShare rank_share(const ModelSpec& m, const StageLayers& stage, bool first_stage,
                     bool last_stage, uint64_t tp);

}  // namespace vramcalc
