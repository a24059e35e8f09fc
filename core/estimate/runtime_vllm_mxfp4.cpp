// vLLM v0.19 keeps MXFP4 experts (gpt-oss) in its MoE kernel's own layout, which
// costs more than the checkpoint's bytes (fused_moe/oracle/mxfp4.py,
// quantization/mxfp4.py, quantization/utils/mxfp4_utils.py @66e86f1d):
//  - the backend follows the GPU: Triton (triton_kernels) on compute capability
//    9.0, FlashInfer TRT-LLM on the 10.x family, Marlin on other CUDA GPUs;
//  - each pads the per-rank expert width (and Marlin / TRT-LLM the hidden size)
//    before allocating (mxfp4_round_up_hidden_size_and_intermediate_size);
//  - Triton swizzles the scales into triton_kernels' Hopper layout (rows padded to
//    2 x num_warps(8) x 2 x 8 = 256) but leaves the loaded scales registered on
//    the layer, so both stay; Triton and TRT-LLM cast the expert biases to FP32.
// Checked against gpt-oss-120b on an H100 (runlogs vllm-llmdb-02).
#include <algorithm>

#include "runtime_vllm.h"

namespace vramcalc::detail::vllm {

namespace {

uint64_t round_up(uint64_t v, uint64_t to) { return cdiv(v, to) * to; }

enum class Backend { kNone, kTriton, kTrtLlm, kMarlin };

Backend backend_for(const std::string& arch) {
  if (arch == "sm_90") return Backend::kTriton;
  if (arch.rfind("sm_10", 0) == 0) return Backend::kTrtLlm;
  if (arch.rfind("sm_", 0) == 0) return Backend::kMarlin;
  return Backend::kNone;  // ROCm's CK / XPU layouts are not modelled
}

// Values (two per byte) and E8M0 scales (one per 32) of one expert's three
// matrices at width i and hidden h.
uint64_t expert_bytes(uint64_t i, uint64_t h) { return 3 * i * h / 2 + 3 * i * h / 32; }

}  // namespace

KernelLayout mxfp4_kernel_layout(const ModelSpec& m, const StageLayers& stage, uint64_t tp,
                                 const Device& dev) {
  KernelLayout out;
  if (m.quant.method != QuantSpec::Method::kMxfp4) return out;
  const Backend backend = backend_for(dev.arch);
  if (backend == Backend::kNone) return out;
  const uint64_t h = m.hidden_size;
  for (uint64_t index = stage.first; index < stage.last; ++index) {
    const LayerSpec* layer = layer_at(m.layers, index);
    if (!layer || layer->ffn != Ffn::kMoe || layer->moe.experts == 0) continue;
    const MoeShape& moe = layer->moe;
    const uint64_t i = cdiv(moe.expert_width, tp);
    uint64_t i_pad = i, h_pad = h;
    if (backend == Backend::kTriton) i_pad = round_up(i, 64);
    if (backend == Backend::kTrtLlm) i_pad = round_up(i, 256), h_pad = round_up(h, 256);
    if (backend == Backend::kMarlin) i_pad = round_up(i, 128), h_pad = round_up(h, 256);
    uint64_t per_expert = expert_bytes(i_pad, h_pad) - expert_bytes(i, h);
    if (backend == Backend::kTriton) {  // the swizzled copy of both scale tensors
      per_expert += round_up(2 * i_pad, 256) * (h / 32) + round_up(h, 256) * (i_pad / 32);
    }
    if (moe.expert_bias && backend != Backend::kMarlin) {
      per_expert += (2 * i_pad + h_pad) * 2;  // BF16 -> FP32
    }
    out.bytes += moe.experts * per_expert;
  }
  const char* name = backend == Backend::kTriton   ? "Triton (triton_kernels, Hopper layout)"
                     : backend == Backend::kTrtLlm ? "FlashInfer TRT-LLM"
                                                   : "Marlin";
  if (out.bytes) {
    out.text = std::string("vLLM's MXFP4 MoE backend on ") + dev.arch + ": " + name +
               (backend == Backend::kTriton ? " pads the expert width to 64, keeps the loaded "
                                              "scales beside their swizzled copy and FP32 biases"
                                            : " pads the expert matrices");
  }
  return out;
}

}  // namespace vramcalc::detail::vllm
