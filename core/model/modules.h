// The linear layers (and embeddings / heads) of a model under their Hugging Face
// module names, so that names a user writes (PEFT target_modules,
// modules_to_save) can be matched exactly against the architecture.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model_spec.h"

namespace vramcalc {

struct Module {
  std::string path;           // module path, "{L}" = layer index, "{E}" = expert index
  uint64_t in = 0;            // input features (embeddings: rows = vocabulary)
  uint64_t out = 0;           // output features (embeddings: width)
  bool bias = false;          // has a bias vector of `out` elements
  uint64_t layers = 1;        // copies over layers (1 outside the blocks)
  uint64_t experts = 1;       // copies over experts inside one layer
  bool linear = true;         // nn.Linear / Conv1D (false: embedding or other)
  bool output_layer = false;  // the LM head (PEFT's all-linear leaves it out)

  uint64_t copies() const { return layers * experts; }
  uint64_t params() const { return copies() * (in * out + (bias ? out : 0)); }
};

// Modules of the model in the order of its implementation; empty for a bare count.
std::vector<Module> model_modules(const ModelSpec& model);

// The module path with {L}/{E} replaced by concrete indices.
std::string module_name(const Module& m, uint64_t layer, uint64_t expert);

}  // namespace vramcalc
