// ggml's tensor types (enum ggml_type) with their block layout: what a GGUF file
// stores, what llama.cpp's quantizer picks per tensor and what its KV cache rows
// take. One table for the GGUF reader, the quantization mixes and the buffers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vramcalc {

struct GgmlType {
  uint32_t id;           // enum ggml_type value stored in the file
  const char* name;      // as ggml.h spells it: "Q4_K", "BF16", "IQ2_XXS", "MXFP4"
  uint32_t block_elems;  // elements per block (1 for plain types, 32 for Q8_0, 256 for K-quants)
  uint32_t block_bytes;  // bytes per block (34 for Q8_0, 144 for Q4_K)
};

// Every type a current GGUF file can hold, by id (removed ids 4, 5, 31-33, 36-38 absent).
const std::vector<GgmlType>& ggml_types();
// The type with that id, or nullptr when the id is unknown or removed.
const GgmlType* find_ggml_type(uint32_t id);
// The type named `name` in any case ("q4_K", "Q8_0", "iq4_nl"), or nullptr.
const GgmlType* find_ggml_type_named(const std::string& name);
// Bytes of one row of `row` elements (whole blocks: row / block_elems x block_bytes).
uint64_t ggml_row_bytes(const GgmlType& type, uint64_t row);

}  // namespace vramcalc
