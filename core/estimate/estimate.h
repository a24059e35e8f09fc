// estimate(): bytes per GPU for each memory component of inference or training,
// with the formula that produced each number written out with the numbers filled
// in. One function serves the CLI, the UI and the JS API.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model_spec.h"
#include "param_count.h"
#include "status.h"
#include "term.h"
#include "workload.h"

namespace vramcalc {

enum class Component {
  kWeights,
  kKVCache,
  kState,  // recurrent state of Mamba / linear-attention layers, fixed per sequence
  kActivations,
  kLogits,
  kGradients,
  kOptimizer,
  kMasterWeights,
  kAdapters,
  kOverhead,
};
constexpr int kComponentCount = 10;
// JSON key of a component ("weights", "kv_cache", ...), as in DESIGN.md's contract.
const char* to_string(Component c);
const char* display_name(Component c);  // "KV cache", "Master weights", ...

struct ComponentEstimate {
  Component id = Component::kWeights;
  uint64_t bytes = 0;      // per GPU
  bool known = true;       // false: needs the architecture, which a bare count lacks
  std::string formula;     // e.g. "2 x 32 layers x 8 kv_heads x 128 x 2 B x 1 x 2048 tokens"
  std::string assumption;  // which rule or runtime semantics it follows
};

struct ParamCounts {
  uint64_t total = 0;      // all parameters
  uint64_t trainable = 0;  // updated by the optimizer (0 for inference)
  uint64_t active = 0;     // used per token (MoE: < total)
};

// What a serving runtime decides beyond the components (vLLM's KV blocks,
// llama.cpp's split between GPU and host memory). Zero when not applicable.
struct RuntimeDetails {
  uint64_t budget_bytes = 0;         // vLLM: gpu_memory_utilization x GPU memory
  uint64_t kv_blocks = 0;            // vLLM: KV blocks that fit
  uint64_t kv_tokens = 0;            // vLLM: tokens those blocks hold
  uint64_t max_concurrent_seqs = 0;  // vLLM: sequences of --seq tokens served at once
  double max_concurrency = 0;        // vLLM: "Maximum concurrency for N tokens per request"
  uint64_t cuda_graph_bytes = 0;     // vLLM: its CUDA graph estimate (outside the budget)
  bool refused = false;              // the runtime would refuse to start
  std::string failure;               // why it would refuse (kText; "": it starts)
  uint64_t host_bytes = 0;           // llama.cpp: everything in host RAM (the two below too)
  uint64_t host_compute_bytes = 0;   // llama.cpp: CUDA_Host compute buffer (graph inputs)
  uint64_t output_bytes = 0;         // llama.cpp: host output buffer (F32 logits per slot)
  uint64_t gpu_layers = 0;           // llama.cpp: layers offloaded to the GPU
  // Ollama: the memory.* fields of its "offload to cuda" log line (bytes) and
  // layers.offload (blocks + the output layer), from EstimateGPULayers.
  struct Ollama {
    uint64_t num_ctx = 0, num_parallel = 0;
    uint64_t kv = 0, graph_full = 0, graph_partial = 0;
    uint64_t required_full = 0, required_partial = 0;
    uint64_t weights_total = 0, weights_repeating = 0, weights_nonrepeating = 0;
    uint64_t layers_offload = 0, layers_model = 0;
    // The memory.* byte fields under the log's names, in its order.
    std::array<std::pair<const char*, uint64_t>, 8> memory() const {
      return {{{"memory.required.kv", kv},
               {"memory.graph.full", graph_full},
               {"memory.graph.partial", graph_partial},
               {"memory.required.full", required_full},
               {"memory.required.partial", required_partial},
               {"memory.weights.total", weights_total},
               {"memory.weights.repeating", weights_repeating},
               {"memory.weights.nonrepeating", weights_nonrepeating}}};
    }
  } ollama;
};

// What the GPUs of one pipeline stage (or one llama.cpp device) each hold. A model
// split over tp x pp GPUs has one share per stage, every tensor-parallel rank of a
// stage holding the same; data-parallel replicas repeat the shares.
struct GpuShare {
  uint64_t stage = 0;        // pipeline stage / device index, 0-based
  uint64_t first_layer = 0;  // decoder layers [first_layer, last_layer) it holds
  uint64_t last_layer = 0;
  uint64_t gpus = 1;   // GPUs holding this share: tp ranks x data-parallel replicas
  std::string device;  // "stage 0 (GPUs 0-1)", or a runtime's device name ("CUDA0")
  std::array<uint64_t, kComponentCount> bytes{};  // per GPU, indexed by Component
  uint64_t total = 0;                             // sum of `bytes`
};

struct Estimate {
  std::array<ComponentEstimate, kComponentCount> components;  // indexed by Component
  // The components are those of the busiest GPU (gpu_shares[busiest_share]).
  std::vector<GpuShare> gpu_shares;  // one per pipeline stage / device (at least one)
  size_t busiest_share = 0;          // index into gpu_shares of the share that decides `fits`
  uint64_t per_gpu_bytes = 0;        // sum of the components
  uint64_t total_bytes = 0;          // over all GPUs: the sum of share totals x their gpus
  uint64_t gpu_memory_bytes = 0;     // memory of one GPU (0: none chosen)
  bool fits = false;                 // per_gpu_bytes <= gpu_memory_bytes (false when unknown)
  ParamCounts params;
  RuntimeDetails runtime;
  std::vector<std::string> notes;  // assumptions and unknowns, one line each
  // kNumbers: every byte count as kText, but formulas, assumptions, device names,
  // notes and runtime.failure are left empty (runtime.refused still says it).
  Detail detail = Detail::kText;

  const ComponentEstimate& at(Component c) const { return components[static_cast<int>(c)]; }
};

// Estimate for one model, workload and hardware. Fails (never overflows) when a
// product exceeds 2^64 bytes or an option is out of range.
Result<Estimate> estimate(const ModelSpec& model, const Workload& workload,
                          const Hardware& hardware);

// What estimate() derives from the model alone (its bounds checked, its parameters
// counted), computed once for a sweep over one model. Fails as estimate() would.
struct CountedModel {
  const ModelSpec* model = nullptr;  // not owned: outlives this
  ParamBreakdown params;
};
Result<CountedModel> count_model(const ModelSpec& model);

// The same estimate written into `out`, reusing its storage: with Detail::kNumbers
// and an `out` reused from an earlier call, the generic runtime allocates nothing
// (vLLM and llama.cpp build only their per-stage and per-layer lists; --runtime hf
// always writes its text: out.detail says which). Sweeps, plots and the solver run
// on this. On failure `out` is unspecified.
std::optional<Error> estimate_into(Estimate& out, const ModelSpec& model, const Workload& workload,
                                   const Hardware& hardware, Detail detail);
// The same, for a model counted once (count_model): the sweeps' and solver's loop.
std::optional<Error> estimate_into(Estimate& out, const CountedModel& model,
                                   const Workload& workload, const Hardware& hardware,
                                   Detail detail);

}  // namespace vramcalc
