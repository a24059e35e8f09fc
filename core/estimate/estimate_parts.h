// Internal to estimate*.cpp: the context every component formula sees, and the
// two halves (inference, training) that fill an Estimate's components.
#pragma once

#include <optional>
#include <string>

#include "estimate.h"
#include "gguf_mix.h"
#include "gpu_shares.h"
#include "term.h"

namespace vramcalc::detail {

struct Context {
  const ModelSpec& model;
  const Workload& w;
  const Hardware& hw;
  ParamBreakdown params;    // exact counts
  uint64_t P = 0;           // parameters the weights formula uses (textbook or exact)
  bool arch_known = false;  // false for a bare parameter count
  Detail detail = Detail::kText;

  // Text is written only for Detail::kText; formulas start from term().
  bool text() const { return detail == Detail::kText; }
  Term term() const { return Term(detail); }
};

// Sets one component from a term (bytes, formula) plus the assumption behind it.
// The assumption is copied only when `e` keeps text (Estimate::detail).
void set(Estimate& e, Component c, const Term& t, std::string_view assumption);
// The same for a literal, measured only when the text is kept.
inline void set(Estimate& e, Component c, const Term& t, const char* assumption) {
  set(e, c, t, e.detail == Detail::kText ? std::string_view(assumption) : std::string_view());
}
// Marks a component as needing the architecture (bare parameter counts).
void set_unknown(Estimate& e, Component c, std::string_view why);
// Sets a component's assumption (when `e` keeps text) without touching its bytes.
void assume(Estimate& e, Component c, std::string_view assumption);
inline void assume(Estimate& e, Component c, const char* assumption) {
  if (e.detail == Detail::kText) assume(e, c, std::string_view(assumption));
}
// Appends a note (when `e` keeps text).
void note(Estimate& e, std::string_view line);

// The dtype a model computes in for weights stored as `weights` (quantized and
// FP8 weights are dequantized to BF16 for the matmuls).
DType compute_dtype(DType weights);

// MLP inner width one token passes through in the widest layer: the dense MLP or,
// in MoE layers, its top-k experts plus the shared expert.
uint64_t mlp_width_per_token(const ModelSpec& m);

void estimate_inference(const Context& ctx, Estimate& e);
// Several GPUs (estimate_shares.cpp): one share per pipeline stage from the
// whole-model components (inference over tp x pp; one share otherwise) ...
void split_over_gpus(const Context& ctx, Estimate& e);
// ... then the busiest share becomes the components (and says which GPU it is);
// `from_split`: the shares came from split_over_gpus (formulas get the split).
void settle_shares(const Context& ctx, Estimate& e, bool from_split);
// bytes x num / den without overflow (num <= den in every use); UINT64_MAX stays.
uint64_t scaled(uint64_t bytes, uint64_t num, uint64_t den);
// "GPUs 2-3": the tensor-parallel ranks of pipeline stage `stage`.
std::string stage_device(uint64_t stage, uint64_t tp);
// Inference weights as the generic runtime counts them (checkpoint bytes, or
// params x dtype with quantization applied to the block linear layers).
void inference_weights(const Context& ctx, Estimate& e);
// Of those, the bytes of the block linear layers when --weight-dtype quantizes them
// (0 when the weights are checkpoint bytes or one dtype throughout).
uint64_t quantized_linear_bytes(const Context& ctx);
// One GPU's part of the whole-model weights `whole` (rank `r` of a split whose
// single-GPU share is `all`): quantized linear layers and the 16-bit rest are
// split by their own counts, so a stage holding the embedding weighs what it holds.
uint64_t weights_share(const Context& ctx, uint64_t whole, const RankShare& r,
                       const RankShare& all);
// The serving runtimes; they fail when the runtime needs a setting it lacks.
std::optional<Error> estimate_vllm(const Context& ctx, Estimate& e);
std::optional<Error> estimate_llamacpp(const Context& ctx, Estimate& e);
// --runtime ollama (runtime_ollama.cpp): Ollama's EstimateGPULayers on llama.cpp.
std::optional<Error> estimate_ollama(const Context& ctx, Estimate& e);
// GGUF tensor bytes by place for llama.cpp and Ollama: a GGUF's own, the quantizer's
// mix of a file type, or an even split of `all_weights` (runtime_llamacpp.cpp).
struct Placed {
  GgufPlaces p;
  std::string how;
};
Placed place_weights(const Context& ctx, uint64_t all_weights);
void estimate_training(const Context& ctx, Estimate& e);
// --runtime hf (runtime_hf_*.cpp): the measured Hugging Face eager peaks of
// bench/accuracy; combinations the measurements do not cover fall back to the generic
// formulas and say so in their assumptions.
void estimate_hf_inference(const Context& ctx, Estimate& e);
void estimate_hf_training(const Context& ctx, Estimate& e);

}  // namespace vramcalc::detail
