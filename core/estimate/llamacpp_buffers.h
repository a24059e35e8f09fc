// llama.cpp's buffers as it allocates them (docs/research/runtimes/llamacpp_buffers.md):
// the KV cells after padding and streams, the K/V rows per layer in the cache type,
// the compute buffers the scheduler reserves for one ubatch (device and host), and
// the output buffer. Pure arithmetic over the per-layer model; the runtime
// (runtime_llamacpp.cpp), the --fit solver and the layer split all call it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ggml_types.h"
#include "model_spec.h"
#include "status.h"
#include "workload.h"

namespace vramcalc {

// The context as llama_context and llama_kv_cache(_iswa) size it.
struct LlamaCppCells {
  uint64_t n_seq = 1;      // n_seq_max: sequences (slots), = --batch
  uint64_t n_ctx = 0;      // requested context: batch x seq tokens
  uint64_t streams = 1;    // 1 when unified, else n_seq (one cache per sequence)
  uint64_t cells = 0;      // cells per stream of the full-attention layers
  uint64_t swa_cells = 0;  // cells per stream of sliding / chunked layers
  bool swa = false;        // llama.cpp runs the model's windows (not for the llama arch)
  uint64_t n_ubatch = 0;   // tokens of the reserved graph: min(ubatch, n_ctx)
};
LlamaCppCells llamacpp_cells(const ModelSpec& m, const Workload& w);

// The ggml type of a KV cache of `kv` (F16 when unset), or an error naming
// llama.cpp's cache types when it has none of that name (fp8, int8, ...).
Result<const GgmlType*> llamacpp_cache_type(std::optional<DType> kv);

// KV bytes of the decoder layers [first, last) (llama-kv-cache.cpp: per layer
// cells x streams x (row(type_k, kv_heads x head_dim) + row(type_v, kv_heads x v_dim))).
uint64_t llamacpp_kv_bytes(const ModelSpec& m, const LlamaCppCells& c, const GgmlType& type,
                           uint64_t first, uint64_t last);

// The device of each of the L blocks and the output layer (index L) under -ngl
// `gpu_layers` and split proportions `split` (one per GPU; -ts, or equal shares as
// equal free memory gives): -1 for host memory (llama-model.cpp load_tensors:
// i_gpu_start = max(L - ngl, 0), act = min(ngl, L + 1), block il goes to the first
// device whose cumulative share exceeds (il - i_gpu_start) / act).
std::vector<int> llamacpp_layer_devices(uint64_t layers, uint64_t gpu_layers,
                                        const std::vector<uint64_t>& split);

// Whether flash attention ends up on (-fa auto resolves to on on a GPU backend).
bool llamacpp_flash(const Workload& w);

// Compute buffers reserved for the worst-case ubatch (llama-context.cpp graph_reserve).
struct LlamaCppCompute {
  uint64_t device = 0;  // bytes on the GPU (0 when no layer is offloaded)
  uint64_t host = 0;    // CUDA_Host: graph inputs (f32 KQ mask, token embeddings)
  uint64_t output = 0;  // host output buffer: F32 logits of n_seq_max outputs
  std::string text;     // the formula with its numbers
};
// `copies`: GGML_SCHED_MAX_COPIES (4) when the layers run as a pipeline over several
// GPUs, which keeps that many copies of each split's inputs (the KQ mask); else 1.
LlamaCppCompute llamacpp_compute(const ModelSpec& m, const LlamaCppCells& c, bool flash,
                                 bool any_on_gpu, bool output_on_gpu, uint64_t copies = 1);

}  // namespace vramcalc
