// Exact parameter counting from a ModelSpec: learnable weights only, tied
// embeddings counted once, buffers (causal masks, rotary tables) excluded.
#pragma once

#include <cstdint>
#include <optional>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

struct ParamBreakdown {
  uint64_t embedding = 0;  // token (+ position, token-type) embeddings and their norm
  uint64_t attention = 0;  // Q, K, V, O matrices and biases (MLA, indexer), all layers
  uint64_t recurrent = 0;  // Mamba and Gated DeltaNet mixers, all layers
  uint64_t mlp = 0;        // dense MLPs, shared experts and routers, all layers
  uint64_t experts = 0;    // routed MoE experts, all layers
  uint64_t norms = 0;      // per-layer norms and the final norm
  uint64_t head = 0;       // untied LM head (0 when tied)
  uint64_t other = 0;      // pooler and other extras
  uint64_t towers = 0;     // vision / audio encoders and projectors (ModelSpec::towers)
  uint64_t mtp = 0;        // multi-token-prediction layers (a drafter; in `total`, not `active`)
  // Every learnable parameter the checkpoint holds, as a BF16 copy would: MTP
  // layers and towers included (or the bare count).
  uint64_t total = 0;
  uint64_t active = 0;  // parameters one text token uses (MTP, towers, idle experts left out)
  uint64_t active_no_embedding = 0;  // `active` without the input embeddings (vendors quote either)
};

// Refuses a spec whose parameter count or any single weight matrix would come
// near 2^62 elements: everything the estimator multiplies afterwards then fits in
// 64 bits. Parsers call it; estimate() calls it for specs built by hand.
std::optional<Error> check_model_bounds(const ModelSpec& model);

// Parameters of the model (check_model_bounds first). For kParamsOnly the bare
// count goes to `total`.
ParamBreakdown count_params(const ModelSpec& model);

// REFERENCE.md's simplified count: only the big matrices (token and learned
// position embeddings, Q/K/V/O, MLP matrices, an untied head); no biases, norms,
// token-type embeddings or pooler.
uint64_t textbook_params(const ModelSpec& model);

// Parameters in the linear layers of the transformer blocks, routed experts
// included (what weight quantization applies to).
uint64_t block_linear_params(const ModelSpec& model);

// Trainable parameters of rank-r LoRA on every attention projection and dense /
// shared-expert MLP matrix of every block: r x (in + out) per matrix. Routed
// experts are left out (PEFT's usual targets).
uint64_t lora_params(const ModelSpec& model, uint64_t rank);

// Elements Adafactor stores (Shazeer & Stern 2018, no first moment): a row and a
// column vector per weight matrix, a full second moment for vectors.
uint64_t adafactor_state_elements(const ModelSpec& model);

}  // namespace vramcalc
