// llama.cpp's quantization mixes: for a file type such as Q4_K_M, the ggml type
// llama-quantize gives each tensor of a model (llama_tensor_get_type), built from
// the per-layer model alone, so a quant's size is known before downloading it.
// Rules: docs/research/runtimes/llama_quant.md (llama.cpp ec98e2002 src/llama-quant.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model_spec.h"
#include "tensor_inventory.h"

namespace vramcalc {

struct GgufFileType {
  const char* name;          // "Q4_K_M", "IQ2_XS", "Q4_K_L" (canonical, upper case)
  const char* default_type;  // ggml type of the quantizer's switch: "Q4_K", "IQ2_XS", "F16"
  const char* base;          // the ftype whose rules apply ("Q4_K_M" for Q4_K_L), = name if none
  bool q8_embed_output;      // _L / _XL: token_embd and output at Q8_0 (bartowski's naming)
};

// Every file type, llama.cpp's LLAMA_FTYPE_MOSTLY_* plus the usual _L / _XL names.
const std::vector<GgufFileType>& gguf_file_types();
// The file type named `name` in any case ("q4_k_m"), or nullptr.
const GgufFileType* find_gguf_file_type(const std::string& name);

// Every tensor llama.cpp stores for `m` (GGUF names, ne0 first), with the type
// llama-quantize of `ft` picks. `imatrix`: quantized with an importance matrix (as
// bartowski's and unsloth's files are; llama.cpp's rules differ in a few places).
TensorInventory gguf_quant_mix(const ModelSpec& m, const GgufFileType& ft, bool imatrix = true);

// Bytes of the whole file: every tensor padded to GGUF's 32-byte alignment plus an
// estimate of the metadata (the tokenizer's token and merge strings dominate).
uint64_t gguf_file_bytes(const ModelSpec& m, const TensorInventory& mix);

// Tensor bytes by where llama.cpp places them: blk.N.* per block, token_embd (kept
// in host memory) and the rest (output, final norm), for the layer offload.
struct GgufPlaces {
  std::vector<uint64_t> layer_bytes;   // one entry per block
  std::vector<uint64_t> expert_bytes;  // of those, the routed experts (*_exps)
  uint64_t embedding = 0;
  uint64_t other = 0;
};
GgufPlaces gguf_bytes_by_place(const TensorInventory& inv, uint64_t layers);

}  // namespace vramcalc
