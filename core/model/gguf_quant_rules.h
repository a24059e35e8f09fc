// Internal to gguf_mix.cpp: the tensor list llama-quantize walks and its per-tensor
// rules (gguf_quant_rules.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gguf_mix.h"

namespace vramcalc {

// One tensor before quantization: a 2-D/3-D weight or a 1-D F32 vector.
struct QuantTensor {
  std::string name;
  int64_t layer = -1;
  uint64_t ne0 = 0, rows = 1;  // row length and rows (ne1 x ne2)
  bool matrix = true;          // quantizable shape (n_dims >= 2)
};

struct QuantModel {
  std::string arch;
  uint64_t n_layer = 0, gqa = 1, n_expert = 0;
  bool is70b = false;
  std::vector<QuantTensor> tensors;
};

// quantize_state_impl's counters.
struct QuantState {
  uint64_t n_attention_wv = 0, i_attention_wv = 0, i_ffn_down = 0;
  bool has_output = false, imatrix = true;
};

// The ggml type llama-quantize of `ft` gives tensor `t` (a matrix), advancing the
// counters; tensors must come in llama.cpp's weights_map order.
std::string quant_tensor_type(const QuantModel& m, QuantState& s, const GgufFileType& ft,
                              const QuantTensor& t);

}  // namespace vramcalc
